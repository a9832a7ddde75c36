package scenarios

import (
	"math"
	"testing"
)

// TestShaoxingRows checks numbers of 绍政发〔2021〕11号 (Shaoxing 14th five-year health plan):
// table 1 (13th-plan goals and 2020 outcomes), table 2 (2025 goals) and the text.
func TestShaoxingRows(t *testing.T) {
	rows := []row{
		// 表1 with 表2 where shared
		{"shaoxing_life_expectancy", "target", 2020, GE, 81},
		{"shaoxing_life_expectancy", "obs", 2020, "", 82.87},
		{"shaoxing_life_expectancy", "target", 2025, GE, 83},
		{"shaoxing_under5_mortality", "target", 2020, LE, 8},
		{"shaoxing_under5_mortality", "obs", 2020, "", 2.45},
		{"shaoxing_maternal_mortality", "target", 2020, LE, 9},
		{"shaoxing_maternal_mortality", "obs", 2020, "", 0},
		{"shaoxing_maternal_mortality", "target", 2025, LE, 6.5},
		{"shaoxing_health_literacy", "target", 2020, GE, 25},
		{"shaoxing_health_literacy", "obs", 2020, "", 36.08},
		{"shaoxing_health_literacy", "target", 2025, GE, 40},
		{"shaoxing_sex_ratio_at_birth", "obs", 2020, "", 107.65},
		{"shaoxing_sex_ratio_at_birth", "target", 2020, About, 107},
		{"shaoxing_sex_ratio_at_birth", "target", 2025, About, 108},
		{"shaoxing_birth_defect_rate", "target", 2020, LE, 15},
		{"shaoxing_birth_defect_rate", "obs", 2020, "", 11.37},
		{"shaoxing_free_family_planning_coverage", "target", 2020, GE, 95},
		{"shaoxing_free_family_planning_coverage", "obs", 2020, "", 100},
		{"shaoxing_beds_per_1000", "obs", 2015, "", 4.71},
		{"shaoxing_beds_per_1000", "obs", 2020, "", 6.07},
		{"shaoxing_beds_per_1000", "target", 2020, GE, 5.83},
		{"shaoxing_beds_per_1000", "target", 2025, GE, 7},
		{"shaoxing_doctors_per_1000", "obs", 2015, "", 2.6},
		{"shaoxing_doctors_per_1000", "obs", 2020, "", 3.38},
		{"shaoxing_doctors_per_1000", "target", 2020, GE, 3},
		{"shaoxing_doctors_per_1000", "target", 2025, GE, 4.3},
		{"shaoxing_nurses_per_1000", "obs", 2015, "", 2.53},
		{"shaoxing_nurses_per_1000", "obs", 2020, "", 3.26},
		{"shaoxing_nurses_per_1000", "target", 2020, GE, 3.38},
		{"shaoxing_nurses_per_1000", "target", 2025, GE, 5},
		{"shaoxing_gps_per_10000", "obs", 2020, "", 3.96},
		{"shaoxing_gps_per_10000", "target", 2020, GE, 3},
		{"shaoxing_gps_per_10000", "target", 2025, GE, 5},
		{"shaoxing_primary_care_visit_share", "obs", 2020, "", 63.35},
		{"shaoxing_primary_care_visit_share", "target", 2020, GE, 60},
		{"shaoxing_primary_care_visit_share", "target", 2025, GE, 65},
		{"shaoxing_family_doctor_signing", "obs", 2020, "", 45.59},
		{"shaoxing_family_doctor_signing", "target", 2020, GE, 50},
		{"shaoxing_family_doctor_coverage", "target", 2025, GE, 50},
		{"shaoxing_regional_sharing_centre_coverage", "obs", 2020, "", 90},
		{"shaoxing_regional_sharing_centre_coverage", "target", 2020, GE, 80},
		{"shaoxing_township_village_integration", "obs", 2020, "", 97},
		{"shaoxing_township_village_integration", "target", 2020, GE, 95},
		{"shaoxing_chronic_disease_management", "obs", 2020, "", 71.33},
		{"shaoxing_chronic_disease_management", "target", 2020, GE, 70},
		{"shaoxing_chronic_disease_management", "target", 2025, GE, 75},
		{"shaoxing_new_national_health_towns", "obs", 2020, "", 34},
		{"shaoxing_new_national_health_towns", "target", 2020, GE, 7},
		{"shaoxing_new_provincial_health_towns", "obs", 2020, "", 65},
		{"shaoxing_new_provincial_health_towns", "target", 2020, GE, 16},
		{"shaoxing_smart_healthcare_coverage", "obs", 2020, "", 90},
		{"shaoxing_smart_healthcare_coverage", "target", 2020, GE, 80},
		// 表2 only
		{"shaoxing_infant_mortality", "obs", 2020, "", 1.70},
		{"shaoxing_infant_mortality", "target", 2025, LE, 4.0},
		{"shaoxing_healthy_shaoxing_index", "target", 2025, GE, 85.5},
		{"shaoxing_premature_chronic_mortality", "target", 2025, LE, 7.84},
		{"shaoxing_national_provincial_health_talents", "target", 2025, GE, 100},
		{"shaoxing_infectious_disease_beds", "target", 2025, GE, 1.5},
		{"shaoxing_childcare_places_per_1000", "target", 2025, GE, 4.5},
		{"shaoxing_hospitals", "target", 2025, GE, 133},
		{"shaoxing_tertiary_a_general_hospitals", "obs", 2020, "", 1},
		{"shaoxing_tertiary_a_general_hospitals", "target", 2025, GE, 2},
		{"shaoxing_county_visit_share", "obs", 2020, "", 89.72},
		{"shaoxing_county_visit_share", "target", 2025, GE, 90},
		{"shaoxing_digital_reform_index", "target", 2025, GE, 95},
		{"shaoxing_elderly_health_management", "target", 2025, GE, 75},
		{"shaoxing_primary_tcm_service_share", "target", 2025, GE, 100},
		// text and boxes
		{"shaoxing_medical_service_revenue_share", "obs", 2020, "", 34.43},
		{"shaoxing_medical_service_revenue_share", "target", 2025, Maintain, 35},
		{"shaoxing_personnel_expense_share", "target", 2025, About, 45},
		{"shaoxing_overseas_training", "milestone", 2021, About, 20},
		{"shaoxing_overseas_training", "target", 2025, About, 20},
		// Full coverage (100), qualitative goals and the readings of the grade and the ambulance ratio
		{"shaoxing_senior_post_share", "target", 2025, Increase, 0},
		{"shaoxing_5g_ems_coverage", "target", 2025, GE, 100},
		{"shaoxing_national_hygienic_township_coverage", "target", 2025, GE, 100},
		{"shaoxing_health_promotion_demo_coverage", "target", 2025, GE, 100},
		{"shaoxing_health_promoting_hospital_coverage", "target", 2025, GE, 100},
		{"shaoxing_tcm_hospital_bplus_share", "target", 2022, GE, 100},
		{"shaoxing_integrated_supervision_coverage", "target", 2025, GE, 100},
		{"shaoxing_drg_inpatient_coverage", "target", 2025, GE, 100},
		{"shaoxing_county_childcare_training_bases", "target", 2025, GE, 100},
		{"shaoxing_tcm_epidemic_centres", "target", 2025, GE, 100},
		{"shaoxing_cancer_early_diagnosis_rate", "target", 2025, Increase, 0},
		{"shaoxing_cancer_5yr_survival", "target", 2025, Increase, 0},
		{"shaoxing_public_health_funding_per_capita", "target", 2025, Increase, 0},
		{"shaoxing_primary_rehab_nursing_bed_share", "target", 2025, Increase, 0},
		{"shaoxing_public_village_clinic_share", "target", 2025, Increase, 0},
		{"shaoxing_tertiary_common_outpatient_share", "target", 2025, Decrease, 0},
		{"shaoxing_vector_control_grade", "target", 2025, GE, 1},
		{"shaoxing_ambulances_per_30k", "target", 2025, GE, 1},
		{"shaoxing_staff_pay_growth", "target", 2025, Maintain, 10},
		{"shaoxing_outpatient_cost_growth", "target", 2025, LE, 5},
		{"shaoxing_inpatient_cost_growth", "target", 2025, LE, 5},
		{"shaoxing_ems_response_time", "target", 2025, LT, 13},
		{"shaoxing_whole_blood_growth", "target", 2025, GE, 2},
		{"shaoxing_ambulances", "target", 2025, GE, 169},
		{"shaoxing_negative_pressure_ambulances", "target", 2025, GE, 49},
		{"shaoxing_total_beds", "target", 2025, GE, 3.5},
		{"shaoxing_annual_health_tech_recruits", "target", 2025, Maintain, 1000},
		{"shaoxing_intellectual_party_members_share", "target", 2025, GE, 45},
		{"shaoxing_research_funding_growth", "target", 2025, Maintain, 10},
		{"shaoxing_lead_hospitals_tertiary_level", "target", 2025, GE, 80},
		{"shaoxing_village_clinic_standard_rate", "target", 2025, GE, 90},
		{"shaoxing_public_health_physicians_per_10000", "target", 2025, GE, 2},
		{"shaoxing_township_bed_occupancy", "target", 2025, GE, 80},
		{"shaoxing_healthy_village_rate", "target", 2025, GE, 85},
		{"shaoxing_healthy_families", "target", 2025, GE, 6},
		{"shaoxing_priority_group_signing", "target", 2025, Maintain, 88},
		{"shaoxing_prenatal_screening_rate", "target", 2025, GE, 90},
		{"shaoxing_new_tertiary_tcm_hospitals", "target", 2025, GE, 1},
		{"shaoxing_medical_waste_online_supervision", "target", 2025, GE, 100},
		{"shaoxing_tcm_culture_literacy", "target", 2025, GE, 30},
	}
	checkRows(t, rows)

	c := testCatalogue(t)
	for _, id := range []string{"shaoxing_integrity_index"} {
		ind, ok := c.Indicator(id)
		if !ok || len(ind.Targets) != 1 || ind.Targets[0].Test != Increase {
			t.Errorf("%s: want one increase target", id)
		}
	}
	if ind, ok := c.Indicator("shaoxing_oop_share"); !ok || len(ind.Targets) != 1 || ind.Targets[0].Test != Decrease {
		t.Errorf("shaoxing_oop_share: want one decrease target")
	}
	for _, id := range []string{"shaoxing_beds_per_1000", "shaoxing_doctors_per_1000", "shaoxing_nurses_per_1000"} {
		ind, ok := c.Indicator(id)
		if !ok || len(ind.Observations) == 0 || ind.Observations[0].Year != 2015 || !ind.Observations[0].Derived {
			t.Errorf("%s: want a derived 2015 observation first", id)
		}
	}
}

// TestShaoxingAboutAndDoubling checks the readings of 左右 and 翻一番: 107左右 is 107 ± 1, so the
// 2020 outcome 107.65 meets it, as the document reads its 13th-plan goals (顺利完成); 翻一番 is at
// least twice the baseline.
func TestShaoxingAboutAndDoubling(t *testing.T) {
	c := testCatalogue(t)
	sr, _ := c.Indicator("shaoxing_sex_ratio_at_birth")
	for _, tg := range sr.Targets {
		if tg.Test != About || tg.Tolerance == nil || *tg.Tolerance != 1 {
			t.Errorf("sex ratio %d: %s ± %v, want about with tolerance 1", tg.Year, tg.Test, tg.Tolerance)
		}
	}
	if o, _ := sr.Latest(); math.Abs(o.Value-*sr.Targets[0].Value) > *sr.Targets[0].Tolerance {
		t.Errorf("2020 outcome %v does not meet about %v", o.Value, *sr.Targets[0].Value)
	}
	pt, _ := c.Indicator("shaoxing_provincial_talent_total")
	if len(pt.Targets) != 1 || pt.Targets[0].Test != GE || pt.Targets[0].Factor == nil || *pt.Targets[0].Factor != 2 || pt.Targets[0].Value != nil {
		t.Errorf("翻一番: targets %+v, want >= with factor 2 and no value", pt.Targets)
	}
}
