package scenarios

import (
	"slices"
	"strings"
	"testing"
)

// TestJiaxingRows checks the catalogue's numbers for 嘉政办发〔2024〕5号 against the document's body.
func TestJiaxingRows(t *testing.T) {
	checkRows(t, []row{
		{"jiaxing_new_key_specialties", "target", 2027, GE, 15},
		{"jiaxing_grade4_surgery_share", "target", 2027, GE, 25},
		{"jiaxing_research_funding_per_100_staff", "target", 2027, GE, 60},
		{"jiaxing_research_transfer_amount", "target", 2027, GE, 300},
		{"jiaxing_first_hospital_national_rank", "target", 2027, LE, 100},
		{"jiaxing_icu_bed_share_first_hospitals", "target", 2027, GE, 10},
		{"jiaxing_icu_bed_share_other_tertiary", "target", 2027, GE, 8},
		{"jiaxing_icu_bed_share_secondary_a", "target", 2027, GE, 4},
		{"jiaxing_township_capacity_standard_share", "target", 2027, GE, 65},
		{"jiaxing_primary_staff_per_1000", "target", 2027, GE, 3.5},
		{"jiaxing_health_checkups", "target", 2027, GE, 80},
		{"jiaxing_ehr_open_rate", "target", 2027, GE, 90},
		{"jiaxing_hypertension_mgmt", "target", 2027, GE, 70},
		{"jiaxing_diabetes_mgmt", "target", 2027, GE, 70},
		{"jiaxing_family_doctor_signing", "target", 2027, GE, 45},
		{"jiaxing_county_tcm_hospitals_tertiary", "target", 2027, GE, 5},
		{"jiaxing_new_famous_tcm_doctors", "target", 2027, GE, 8},
		{"jiaxing_tcm_skill_personnel_trained", "milestone", 2025, GE, 100},
		{"jiaxing_tcm_tech_promoted_items", "target", 2027, GE, 40},
		{"jiaxing_cdc_standardisation_rate", "target", 2027, GE, 100},
		{"jiaxing_pediatricians_per_1000_children", "target", 2027, GE, 1.2},
		{"jiaxing_severe_birth_defect_rate", "target", 2027, LE, 1},
		{"jiaxing_five_star_nursing_rooms", "target", 2027, GE, 60},
		{"jiaxing_community_childcare_share", "target", 2027, GE, 60},
		{"jiaxing_affordable_childcare_place_share", "target", 2027, GE, 80},
		{"jiaxing_parenting_group_participation", "target", 2027, GE, 80},
		{"jiaxing_child_development_screening", "target", 2027, GE, 95},
		{"jiaxing_rehab_nursing_beds_per_1000_elderly", "target", 2027, GE, 5.8},
		{"jiaxing_medical_elderly_care_demos", "target", 2027, GE, 10},
		{"jiaxing_provincial_model_projects", "target", 2027, GE, 20},
		{"jiaxing_tcm_pavilions", "target", 2027, GE, 100},
		{"jiaxing_second_hospital_national_rank", "target", 2027, LE, 100},
		{"jiaxing_service_revenue_share", "target", 2027, GE, 36},
		{"jiaxing_staff_cost_share", "target", 2027, GE, 45},
	})
}

// TestJiaxingQualitative checks the targets the document states without a number.
func TestJiaxingQualitative(t *testing.T) {
	c := testCatalogue(t)
	want := map[string]Test{
		"jiaxing_maternal_child_key_indicators": HoldLow,
		"jiaxing_child_stunting_rate":           Decrease,
		"jiaxing_child_obesity_rate":            Decrease,
		"jiaxing_parenting_knowledge_rate":      Increase,
		"jiaxing_emergency_rescue_success":      Increase,
	}
	for id, test := range want {
		ind, ok := c.Indicator(id)
		if !ok {
			t.Errorf("%s: no such indicator", id)
			continue
		}
		if len(ind.Targets) != 1 || ind.Targets[0].Test != test || ind.Targets[0].Year != 2027 || ind.Targets[0].Value != nil {
			t.Errorf("%s: want one 2027 target %s without value, have %v", id, test, fmtTargets(ind.Targets))
		}
	}
}

// TestJiaxingNoObservations checks that no Jiaxing indicator has an observation: the document gives
// no baselines, and the user supplies one in a config.
func TestJiaxingNoObservations(t *testing.T) {
	c := testCatalogue(t)
	n := 0
	for _, ind := range c.Indicators() {
		if ind.Region != "jiaxing" {
			continue
		}
		n++
		if !strings.HasPrefix(ind.ID, "jiaxing_") {
			t.Errorf("%s: id lacks the jiaxing_ prefix", ind.ID)
		}
		if len(ind.Observations) > 0 {
			t.Errorf("%s: has observations %v; the document gives no baselines", ind.ID, ind.Observations)
		}
		for _, p := range ind.Programs {
			if !strings.HasPrefix(p, "jiaxing_") {
				t.Errorf("%s: program %s lacks the jiaxing_ prefix", ind.ID, p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no Jiaxing indicators in the catalogue")
	}
}

// TestJiaxingFullCoverage checks the full-coverage goals, each read as a share target of 100 with
// the document's wording in its notes.
func TestJiaxingFullCoverage(t *testing.T) {
	checkRows(t, []row{
		{"jiaxing_municipal_hospitals_perf_a_share", "target", 2027, GE, 100},
		{"jiaxing_health_promoting_county_coverage", "target", 2027, Maintain, 100},
		{"jiaxing_national_hygienic_town_coverage", "target", 2027, GE, 100},
		{"jiaxing_provincial_model_county_coverage", "target", 2027, GE, 100},
		{"jiaxing_chronic_silver_demo_coverage", "target", 2027, GE, 100},
		{"jiaxing_county_tcm_recommended_standard_share", "target", 2027, GE, 100},
		{"jiaxing_public_health_strong_counties", "target", 2027, GE, 100},
		{"jiaxing_epidemiology_trained_staff", "target", 2027, GE, 100},
		{"jiaxing_school_health_vice_principal", "target", 2027, GE, 100},
		{"jiaxing_board_and_admit_share", "target", 2027, GE, 100},
		{"jiaxing_child_clinic_subject_share", "target", 2027, GE, 100},
		{"jiaxing_mch_institution_review_share", "target", 2027, GE, 100},
		{"jiaxing_prenatal_screening_county_coverage", "target", 2027, GE, 100},
		{"jiaxing_geriatrics_departments", "target", 2027, GE, 100},
		{"jiaxing_township_hospice_share", "target", 2027, GE, 100},
		{"jiaxing_cloud_clinic_share", "target", 2027, GE, 100},
	})
	c := testCatalogue(t)
	for _, ind := range c.Indicators() {
		if ind.Region != "jiaxing" || !strings.HasSuffix(ind.ID, "_coverage") && !strings.HasSuffix(ind.ID, "_share") {
			continue
		}
		for _, tg := range ind.Targets {
			if tg.Value != nil && *tg.Value == 100 && !slices.ContainsFunc(ind.Notes, func(n string) bool {
				return strings.Contains(n, "full coverage read as") || strings.Contains(n, "100%")
			}) {
				t.Errorf("%s: a target of 100 without the document's wording in its notes", ind.ID)
			}
		}
	}
}
