package scenarios_test

import (
	"fmt"

	"github.com/healthsim/healthsim/scenarios"
)

// Two Huzhou documents set different 2025 goals for the share of tertiary hospitals among county
// hospitals; the 4号 entry shares 54号's 2022 observation through the link.
func ExampleCatalogue_Conflicts() {
	cat, err := scenarios.LoadCatalogue()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cat.Conflicts() {
		if c.B.ID == "huzhou_hm_county_hospitals_tertiary_share" {
			fmt.Printf("%d: %s %s %v (%s) against %s %v (%s)\n", c.Year,
				c.A.ID, c.TA.Test, *c.TA.Value, c.A.Source.Number, c.TB.Test, *c.TB.Value, c.B.Source.Number)
			o, _ := c.B.Latest()
			fmt.Printf("%s: %v in %d, from %s\n", c.B.ID, o.Value, o.Year, o.From)
		}
	}
	// Output:
	// 2025: huzhou_county_tertiary_hospital_share >= 40 (湖政办发〔2023〕54号) against >= 25 (湖政办发〔2024〕4号)
	// huzhou_hm_county_hospitals_tertiary_share: 20 in 2022, from huzhou_county_tertiary_hospital_share
}
