package scenarios

import "testing"

func TestCatalogueLoads(t *testing.T) {
	c := testCatalogue(t)
	if len(c.Indicators()) == 0 {
		t.Fatal("empty catalogue")
	}
}
