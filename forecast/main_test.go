package forecast

import (
	"testing"

	"github.com/healthsim/healthsim/internal/testenv"
)

// TestMain clears the developer's HEALTHSIM_* run settings, which scenarios.LoadConfig would
// otherwise read into the configs these tests load.
func TestMain(m *testing.M) { testenv.Main(m) }
