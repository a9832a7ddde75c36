package scenarios

import (
	"slices"
	"testing"
)

// TestHuzhou4Rows checks numbers of 湖政办发〔2024〕4号 (Huzhou health modernisation plan) against
// the document: annex rows (附件 重点指标体系) and body targets.
func TestHuzhou4Rows(t *testing.T) {
	checkRows(t, []row{
		// Annex, 健康水平
		{"huzhou_hm_life_expectancy", "target", 2025, GE, 82.5},
		{"huzhou_hm_life_expectancy", "target", 2027, GE, 82.7},
		{"huzhou_hm_fitness_pass_rate", "target", 2025, GE, 94.6},
		{"huzhou_hm_fitness_pass_rate", "target", 2027, GE, 94.7},
		{"huzhou_hm_health_literacy", "target", 2025, GE, 44},
		{"huzhou_hm_health_literacy", "target", 2027, GE, 45},
		// Annex, 健康科技
		{"huzhou_hm_research_hospitals", "target", 2027, GE, 1},
		{"huzhou_hm_stem_top100_disciplines", "target", 2025, GE, 2},
		{"huzhou_hm_stem_top100_disciplines", "target", 2027, GE, 5},
		{"huzhou_hm_interop_counties_level5", "target", 2025, GE, 4},
		{"huzhou_hm_interop_institutions_level4", "target", 2027, GE, 8},
		{"huzhou_hm_national_talents", "target", 2027, GE, 20},
		// Annex, 健康资源
		{"huzhou_hm_beds_per_1000", "target", 2025, GE, 7.0},
		{"huzhou_hm_beds_per_1000", "target", 2027, GT, 7.1},
		{"huzhou_hm_doctors_per_1000", "target", 2025, GE, 3.8},
		{"huzhou_hm_doctors_per_1000", "target", 2027, GE, 4.0},
		{"huzhou_hm_nurses_per_1000", "target", 2025, GE, 4.8},
		{"huzhou_hm_nurses_per_1000", "target", 2027, GT, 4.9},
		{"huzhou_hm_cdc_standardisation_rate", "target", 2025, GE, 100},
		{"huzhou_hm_county_hospitals_tertiary_share", "target", 2027, GE, 30},
		{"huzhou_hm_township_centres_national_standard", "target", 2025, GE, 60},
		{"huzhou_hm_township_centres_national_standard", "target", 2027, GE, 65},
		{"huzhou_hm_elderly_rehab_nursing_beds", "target", 2025, GE, 5.5},
		{"huzhou_hm_elderly_rehab_nursing_beds", "target", 2027, GE, 5.8},
		{"huzhou_hm_childcare_places_per_1000", "target", 2025, GE, 5.0},
		{"huzhou_hm_community_hospitals", "target", 2027, GE, 10},
		{"huzhou_hm_sports_area_per_capita", "target", 2027, GE, 3.5},
		// Annex, 健康服务
		{"huzhou_hm_perf_exam_city_a_rate", "target", 2025, GE, 80},
		{"huzhou_hm_perf_exam_city_a_rate", "target", 2027, GE, 100},
		{"huzhou_hm_county_treatment_rate", "target", 2025, GE, 90},
		{"huzhou_hm_primary_care_visit_share", "target", 2025, Maintain, 70},
		{"huzhou_hm_priority_fd_contract_coverage", "target", 2025, GE, 95},
		{"huzhou_hm_premature_ncd_mortality", "target", 2025, LE, 8.4},
		{"huzhou_hm_premature_ncd_mortality", "target", 2027, LE, 8.2},
		{"huzhou_hm_cancer_5yr_survival", "target", 2027, GE, 50},
		{"huzhou_hm_provincial_key_disciplines", "target", 2027, GE, 10},
		{"huzhou_hm_national_key_specialties", "target", 2025, GE, 2},
		{"huzhou_hm_provincial_key_specialties", "target", 2027, GE, 9},
		// Annex, 健康保障 and 综合指数
		{"huzhou_hm_oop_share", "target", 2025, LE, 24},
		{"huzhou_hm_cross_region_settlement_rate", "target", 2027, GE, 70},
		{"huzhou_hm_staff_expenditure_share", "target", 2025, GE, 48},
		{"huzhou_hm_ems_response_urban", "target", 2025, LT, 11},
		{"huzhou_hm_ems_response_urban", "target", 2027, LE, 10},
		{"huzhou_hm_ems_response_rural", "target", 2027, LE, 14},
		{"huzhou_hm_healthy_zhejiang_index", "target", 2027, GE, 90},
		{"huzhou_hm_tcm_index", "target", 2025, GE, 83},
		// Body
		{"huzhou_hm_service_revenue_share", "target", 2025, GE, 40},
		{"huzhou_hm_research_funding_per_100", "target", 2027, GE, 60},
		{"huzhou_hm_tech_transfer_amount", "target", 2025, GE, 25},
		{"huzhou_hm_new_medical_doctorates", "target", 2025, GE, 120},
		{"huzhou_hm_new_medical_masters", "target", 2025, GE, 1000},
		{"huzhou_hm_licensed_doctors_per_1000", "target", 2025, GE, 4.0},
		{"huzhou_hm_grade4_surgery_share", "target", 2025, GE, 20},
		{"huzhou_hm_icu_bed_share", "target", 2025, GE, 8},
		{"huzhou_hm_smoking_rate", "target", 2025, LE, 20},
		{"huzhou_hm_smoking_rate", "target", 2027, LE, 18},
		{"huzhou_hm_regular_exercise_share", "target", 2025, GE, 43.5},
		{"huzhou_hm_mental_health_literacy", "target", 2025, GE, 30},
		{"huzhou_hm_mental_health_literacy", "target", 2027, GE, 32},
		{"huzhou_hm_psychiatrists_per_100k", "target", 2025, GE, 4},
		{"huzhou_hm_tb_incidence", "target", 2025, LE, 10},
		{"huzhou_hm_paediatricians_per_1000_children", "target", 2025, GE, 1.13},
		{"huzhou_hm_hospice_township_share", "target", 2025, GE, 55},
		{"huzhou_hm_fd_contract_coverage", "target", 2025, GE, 46},
		{"huzhou_hm_tcm_apprentice_doctors", "target", 2027, GE, 120},
		{"huzhou_hm_western_doctors_tcm_trainees", "target", 2027, Maintain, 100},
		{"huzhou_hm_smart_hospital_coverage", "target", 2025, GE, 50},
		// Standing annex targets: one value printed across 2025 and 2027
		{"huzhou_hm_cdc_standardisation_rate", "target", 2027, GE, 100},
		{"huzhou_hm_childcare_places_per_1000", "target", 2027, GE, 5.0},
		{"huzhou_hm_perf_exam_county_b_rate", "target", 2027, GE, 100},
		{"huzhou_hm_county_treatment_rate", "target", 2027, GE, 90},
		{"huzhou_hm_primary_care_visit_share", "target", 2027, GE, 70},
		{"huzhou_hm_priority_fd_contract_coverage", "target", 2027, GE, 95},
		{"huzhou_hm_child_immunisation_rate", "target", 2027, GE, 95},
		{"huzhou_hm_oop_share", "target", 2027, LE, 24},
		{"huzhou_hm_inpatient_reimbursement", "target", 2027, GE, 70},
		// Full coverage (100) and qualitative goals of the body
		{"huzhou_hm_contracted_outpatient_reimbursement", "target", 2025, Increase, 0},
		{"huzhou_hm_township_ems_station_coverage", "target", 2025, GE, 100},
		{"huzhou_hm_county_helipad_coverage", "target", 2025, GE, 100},
		{"huzhou_hm_county_tertiary_general_coverage", "target", 2025, GE, 100},
		{"huzhou_hm_district_tertiary_hospital_coverage", "target", 2027, GE, 100},
		{"huzhou_hm_national_hygienic_township_coverage", "target", 2025, GE, 100},
		{"huzhou_hm_provincial_health_promoting_hospitals", "target", 2025, GE, 100},
		{"huzhou_hm_municipal_health_promoting_primary", "target", 2025, GE, 100},
		{"huzhou_hm_workplace_health_management_coverage", "target", 2025, GE, 100},
		{"huzhou_hm_two_chronic_clinic_coverage", "target", 2025, GE, 100},
		{"huzhou_hm_public_health_strong_counties", "target", 2025, GE, 100},
		{"huzhou_hm_village_public_health_committees", "target", 2025, GE, 100},
		{"huzhou_hm_public_health_departments", "target", 2025, GE, 100},
		{"huzhou_hm_geriatrics_departments", "target", 2025, GE, 100},
		{"huzhou_hm_childcare_service_centres", "target", 2025, GE, 100},
		{"huzhou_hm_infant_care_guidance_centres", "target", 2025, GE, 100},
		{"huzhou_hm_village_sunflower_huts", "target", 2027, GE, 100},
		{"huzhou_hm_fp_family_contacts", "target", 2025, GE, 100},
		{"huzhou_hm_fp_family_fd_contract", "target", 2025, GE, 100},
		{"huzhou_hm_fp_family_green_channel", "target", 2025, GE, 100},
		{"huzhou_hm_standard_tcm_halls", "target", 2025, GE, 100},
		{"huzhou_hm_grassroots_tcm_demo_coverage", "target", 2025, GE, 100},
		{"huzhou_hm_cmi_municipal", "target", 2025, Increase, 0},
		{"huzhou_hm_high_rw_case_share", "target", 2025, Increase, 0},
		{"huzhou_hm_municipal_common_outpatient", "target", 2025, Decrease, 0},
		{"huzhou_hm_out_of_city_referral_rate", "target", 2025, Decrease, 0},
		{"huzhou_hm_emergency_rescue_success", "target", 2025, Increase, 0},
		{"huzhou_hm_contracted_outpatient_deductible", "target", 2025, Decrease, 0},
		// Every other target of the body and annex, section by section
		// 正文 二(二)1
		{"huzhou_hm_research_hospital_cultivation", "target", 2025, GE, 1},
		{"huzhou_hm_provincial_key_disciplines", "target", 2025, GE, 5},
		{"huzhou_hm_provincial_key_specialties", "target", 2025, GE, 6},
		{"huzhou_hm_municipal_key_disciplines", "target", 2025, GE, 15},
		{"huzhou_hm_municipal_key_specialties", "target", 2025, GE, 20},
		{"huzhou_hm_mdt_disease_centres", "target", 2025, GE, 20},
		{"huzhou_hm_provincial_sci_awards", "target", 2025, GE, 5},
		{"huzhou_hm_research_funding_per_100", "target", 2025, GE, 52},
		{"huzhou_hm_national_key_specialties", "target", 2027, GE, 3},
		{"huzhou_hm_tech_transfer_amount", "target", 2027, GE, 30},
		{"huzhou_hm_provincial_sci_platforms_new", "target", 2025, GE, 2},
		{"huzhou_hm_municipal_key_labs_new", "target", 2025, GE, 5},
		{"huzhou_hm_provincial_sci_platforms_total", "target", 2027, GE, 5},
		// 正文 二(二)4
		{"huzhou_hm_county_key_specialties", "target", 2025, GE, 30},
		// 正文 二(二)5
		{"huzhou_hm_ems_radius_urban", "target", 2025, LE, 3.5},
		{"huzhou_hm_ems_radius_rural", "target", 2025, LE, 10},
		{"huzhou_hm_ems_response_rural", "target", 2025, LT, 15},
		{"huzhou_hm_health_emergency_teams", "target", 2025, GE, 1},
		{"huzhou_hm_aviation_rescue_bases", "target", 2025, GE, 1},
		// 正文 二(三)2
		{"huzhou_hm_community_hospitals", "target", 2025, GE, 5},
		{"huzhou_hm_primary_care_visit_share", "target", 2025, GE, 70},
		{"huzhou_hm_village_clinic_250m2_coverage", "target", 2025, GE, 75},
		{"huzhou_hm_smart_health_stations", "target", 2025, GE, 10},
		// 正文 二(四)1
		{"huzhou_hm_provincial_healthy_townships", "target", 2025, GE, 95},
		{"huzhou_hm_provincial_healthy_villages", "target", 2025, GE, 90},
		{"huzhou_hm_hz_action_provincial_exemplars", "target", 2025, GE, 5},
		{"huzhou_hm_hz_action_municipal_exemplars", "target", 2025, GE, 15},
		{"huzhou_hm_health_promoting_schools", "target", 2025, GE, 90},
		{"huzhou_hm_health_promoting_schools_gold", "target", 2025, GE, 25},
		// 正文 二(四)2
		{"huzhou_hm_sports_area_per_capita", "target", 2025, GE, 3.2},
		// 正文 二(四)3
		{"huzhou_hm_cancer_5yr_survival", "target", 2025, GE, 48},
		// 正文 二(六)2
		{"huzhou_hm_severe_birth_defects", "target", 2025, LE, 1},
		// 正文 二(六)3
		{"huzhou_hm_child_health_centres", "target", 2027, GE, 30},
		// 正文 二(六)4
		{"huzhou_hm_rehab_hospitals", "target", 2025, GE, 1},
		{"huzhou_hm_nursing_homes_per_county", "target", 2025, GE, 1},
		// 正文 二(六)5
		{"huzhou_hm_integrated_elderly_care_projects", "target", 2025, GE, 15},
		// 正文 二(七)1
		{"huzhou_hm_tcm_provincial_key_disciplines", "target", 2025, GE, 6},
		{"huzhou_hm_famous_tcm_doctors", "target", 2025, GE, 16},
		{"huzhou_hm_tcm_innovation_teams", "target", 2025, GE, 2},
		// 正文 二(七)2
		{"huzhou_hm_county_tcm_featured_specialties", "target", 2025, GE, 6},
		{"huzhou_hm_county_tcm_key_specialties", "target", 2025, GE, 4},
		{"huzhou_hm_county_tcm_tech_bases", "target", 2025, GE, 1},
		{"huzhou_hm_tcm_pavilion_coverage", "target", 2025, GE, 10},
		{"huzhou_hm_flagship_tcm_halls", "target", 2025, GE, 20},
		// 正文 二(七)3
		{"huzhou_hm_integrated_flagship_depts", "target", 2027, GE, 5},
		{"huzhou_hm_integrated_flagship_hospitals", "target", 2027, GE, 1},
		{"huzhou_hm_western_doctors_tcm_trainees", "target", 2025, Maintain, 100},
		// 正文 二(八)3
		{"huzhou_hm_future_hospital_models", "target", 2025, GE, 1},
		{"huzhou_hm_future_hospital_examples", "target", 2027, GE, 2},
		// 附件 (the annex cells not checked above)
		{"huzhou_hm_healthy_life_expectancy", "target", 2025, Increase, 0},
		{"huzhou_hm_healthy_life_expectancy", "target", 2027, Increase, 0},
		{"huzhou_hm_maternal_mortality", "target", 2025, HoldLow, 0},
		{"huzhou_hm_maternal_mortality", "target", 2027, HoldLow, 0},
		{"huzhou_hm_infant_mortality", "target", 2025, HoldLow, 0},
		{"huzhou_hm_infant_mortality", "target", 2027, HoldLow, 0},
		{"huzhou_hm_research_hospitals", "target", 2025, GE, 0},
		{"huzhou_hm_stem_top100_hospitals", "target", 2025, GE, 0},
		{"huzhou_hm_stem_top100_hospitals", "target", 2027, GE, 1},
		{"huzhou_hm_interop_maturity_city", "target", 2025, GE, 5},
		{"huzhou_hm_interop_maturity_city", "target", 2027, GE, 5},
		{"huzhou_hm_interop_counties_level5", "target", 2027, GE, 5},
		{"huzhou_hm_interop_institutions_level4", "target", 2025, GE, 5},
		{"huzhou_hm_national_talents", "target", 2025, GE, 10},
		{"huzhou_hm_county_hospitals_tertiary_share", "target", 2025, GE, 25},
		{"huzhou_hm_perf_exam_county_b_rate", "target", 2025, GE, 100},
		{"huzhou_hm_child_immunisation_rate", "target", 2025, GE, 95},
		{"huzhou_hm_inpatient_reimbursement", "target", 2025, GE, 70},
		{"huzhou_hm_cross_region_settlement_rate", "target", 2025, GE, 60},
		{"huzhou_hm_staff_expenditure_share", "target", 2027, Increase, 0},
		{"huzhou_hm_healthy_zhejiang_index", "target", 2025, GE, 87},
		{"huzhou_hm_tcm_index", "target", 2027, GE, 85},
	})
}

// TestHuzhou4Links checks the entries that share Huzhou 54号's 2022 values through links.
func TestHuzhou4Links(t *testing.T) {
	checkRows(t, []row{
		{"huzhou_hm_staff_expenditure_share", "obs", 2022, "", 44.16},
		{"huzhou_hm_service_revenue_share", "obs", 2022, "", 38.09},
		{"huzhou_hm_primary_care_visit_share", "obs", 2022, "", 74.24},
		{"huzhou_hm_township_centres_national_standard", "obs", 2022, "", 52.38},
		{"huzhou_hm_county_hospitals_tertiary_share", "obs", 2022, "", 20},
		{"huzhou_hm_county_treatment_rate", "obs", 2022, "", 90.76},
	})
	c := testCatalogue(t)
	for _, id := range []string{
		"huzhou_hm_grade4_surgery_share", "huzhou_hm_cmi_municipal", "huzhou_hm_ems_response_urban",
		"huzhou_hm_ems_response_rural", "huzhou_hm_doctors_per_1000", "huzhou_hm_smart_hospital_coverage",
		"huzhou_hm_interop_institutions_level4", "huzhou_hm_municipal_common_outpatient",
		"huzhou_hm_district_tertiary_hospital_coverage", "huzhou_hm_township_ems_station_coverage",
	} {
		if l := c.Linked(id); len(l) != 0 {
			t.Errorf("%s is linked to %s: the quantities or populations differ, keep apart", id, l[0].ID)
		}
	}
	// 54号's 三级公立医院占比 counts all public hospitals; 4号's row counts county-level ones only.
	for _, l := range c.Linked("huzhou_hm_county_hospitals_tertiary_share") {
		if l.ID == "huzhou_tertiary_hospital_share" {
			t.Errorf("huzhou_hm_county_hospitals_tertiary_share is linked to huzhou_tertiary_hospital_share: populations differ")
		}
	}
	// The six above are the only entries of 4号 with a baseline: 54号 gives no 2022 value for any
	// other quantity this document measures.
	want := []string{
		"huzhou_hm_county_hospitals_tertiary_share", "huzhou_hm_county_treatment_rate",
		"huzhou_hm_primary_care_visit_share", "huzhou_hm_service_revenue_share",
		"huzhou_hm_staff_expenditure_share", "huzhou_hm_township_centres_national_standard",
	}
	var got []string
	for _, d := range c.Documents {
		if d.File != "000_746fd70bc551caea.txt" {
			continue
		}
		for _, ind := range d.Indicators {
			if full, _ := c.Indicator(ind.ID); len(full.Observations) > 0 {
				got = append(got, ind.ID)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("4号 entries with a baseline: %v, want %v", got, want)
	}
}
