package scenarios

import "testing"

// TestPutuoRows checks numbers of 舟普政办〔2023〕60号 (Putuo health modernisation plan) against
// the document: the annex (附件) rows and the body's numeric targets.
func TestPutuoRows(t *testing.T) {
	checkRows(t, []row{
		// 附件 第1行 人均预期寿命; the body restates 82.7 (二、(一)1).
		{"putuo_life_expectancy", "obs", 2023, "", 82.3},
		{"putuo_life_expectancy", "target", 2025, GE, 82.5},
		{"putuo_life_expectancy", "target", 2027, GE, 82.7},
		// 附件 第5行 国民体质合格率, with the body's 维持在94%以上 (二、(一)7).
		{"putuo_physical_fitness_pass_rate", "obs", 2023, "", 94.3},
		{"putuo_physical_fitness_pass_rate", "target", 2025, GE, 94.5},
		{"putuo_physical_fitness_pass_rate", "target", 2027, GE, 94.6},
		{"putuo_physical_fitness_pass_rate", "target", 2027, Maintain, 94},
		// 附件 第6行 居民健康素养水平.
		{"putuo_health_literacy", "obs", 2023, "", 39},
		{"putuo_health_literacy", "target", 2025, GE, 40},
		{"putuo_health_literacy", "target", 2027, GE, 42},
		// 附件 第7行: no 2023 value ("/").
		{"putuo_interop_level4_institutions", "target", 2025, GE, 1},
		{"putuo_interop_level4_institutions", "target", 2027, GE, 2},
		// 附件 第8行 省级卫生人才数.
		{"putuo_provincial_health_talents", "obs", 2023, "", 10},
		{"putuo_provincial_health_talents", "target", 2025, GE, 13},
		{"putuo_provincial_health_talents", "target", 2027, GE, 16},
		// 附件 第9–11行.
		{"putuo_beds_per_1000", "obs", 2023, "", 5.8},
		{"putuo_beds_per_1000", "target", 2025, GE, 6.1},
		{"putuo_physicians_per_1000", "obs", 2023, "", 4.15},
		{"putuo_physicians_per_1000", "target", 2025, GE, 4.3},
		{"putuo_physicians_per_1000", "target", 2027, GE, 4.5},
		{"putuo_nurses_per_1000", "obs", 2023, "", 4.1},
		{"putuo_nurses_per_1000", "target", 2025, GE, 4.6},
		// 附件 第12行: 100 in the 2023 cell only, read as a merged cell.
		{"putuo_cdc_standardisation_rate", "obs", 2023, "", 100},
		{"putuo_cdc_standardisation_rate", "target", 2027, Maintain, 100},
		// 附件 第13行, restated for 2025 by 二、(三)13 (双100%).
		{"putuo_township_hc_capacity_standard", "obs", 2023, "", 85},
		{"putuo_township_hc_capacity_standard", "target", 2025, GE, 100},
		// 附件 第14行, restated by 二、(六)23.
		{"putuo_elderly_rehab_beds_per_1000", "obs", 2023, "", 5.0},
		{"putuo_elderly_rehab_beds_per_1000", "target", 2025, GE, 5.5},
		{"putuo_elderly_rehab_beds_per_1000", "target", 2027, GE, 5.8},
		// 附件 第15–16行.
		{"putuo_childcare_places_per_1000", "obs", 2023, "", 3.8},
		{"putuo_childcare_places_per_1000", "target", 2025, GE, 4.5},
		{"putuo_childcare_places_per_1000", "target", 2027, GE, 5.5},
		{"putuo_county_treatment_rate", "obs", 2023, "", 90},
		{"putuo_county_treatment_rate", "target", 2025, GE, 90},
		// 附件 第17行 ≥85, with the body's 85%以上 (二、(一)6).
		{"putuo_fd_contract_key_groups", "milestone", 2023, GE, 85},
		{"putuo_fd_contract_key_groups", "target", 2027, Maintain, 85},
		{"putuo_fd_contract_key_groups", "target", 2027, GE, 85},
		// 附件 第18行 ≥90.
		{"putuo_child_immunisation_rate", "milestone", 2023, GE, 90},
		{"putuo_child_immunisation_rate", "target", 2027, Maintain, 90},
		{"putuo_infant_care_group_sessions", "target", 2027, Maintain, 100},
		// 附件 第19行, restated by 二、(一)4 (8.5%以下).
		{"putuo_premature_ncd_mortality", "obs", 2023, "", 9.3},
		{"putuo_premature_ncd_mortality", "target", 2025, LE, 9.0},
		{"putuo_premature_ncd_mortality", "target", 2027, LE, 8.5},
		// 附件 第20–21行.
		{"putuo_cancer_5y_survival", "obs", 2023, "", 47},
		{"putuo_cancer_5y_survival", "target", 2025, GE, 48},
		{"putuo_cancer_5y_survival", "target", 2027, GE, 50},
		{"putuo_oop_share_health_spending", "milestone", 2023, LE, 24},
		{"putuo_oop_share_health_spending", "target", 2027, Maintain, 24},
		// 附件 第23行.
		{"putuo_inpatient_reimbursement_rate", "obs", 2023, "", 68},
		{"putuo_inpatient_reimbursement_rate", "target", 2025, GE, 70},

		// Body targets.
		{"putuo_provincial_healthy_village_share", "target", 2027, GE, 60},
		{"putuo_healthy_cells", "target", 2027, GE, 150},
		{"putuo_healthy_families", "target", 2027, GE, 8000},
		{"putuo_health_industry_revenue", "target", 2027, GT, 10},
		{"putuo_health_checkups_annual", "target", 2027, GE, 4.1},
		{"putuo_ehr_open_rate", "target", 2027, GE, 90},
		{"putuo_mental_health_literacy", "target", 2027, GE, 30},
		{"putuo_fd_contract_residents", "target", 2027, GE, 45},
		{"putuo_regular_exercise_share", "target", 2027, GE, 44.7},
		{"putuo_village_clinic_standard_rate", "target", 2025, GE, 100},
		{"putuo_primary_staff_per_1000", "target", 2027, GE, 3.5},
		{"putuo_grade34_surgery_share", "target", 2027, GE, 20},
		{"putuo_county_leading_disciplines", "target", 2027, GE, 2},
		{"putuo_provincial_talents_cultivated", "target", 2027, GE, 10},
		{"putuo_research_funding_per_100_staff", "target", 2027, GE, 20},
		{"putuo_severe_birth_defect_rate", "target", 2027, LE, 1},
		{"putuo_paediatricians_per_1000_children", "target", 2027, GE, 1.12},
		{"putuo_infant_development_screening_rate", "target", 2027, GE, 95},
		{"putuo_hospice_hc_share", "target", 2027, GE, 50},
		{"putuo_elderly_integrated_care_rate", "target", 2027, GE, 70},
		{"putuo_tcm_techniques_township", "target", 2027, GE, 6},
		{"putuo_tcm_techniques_village", "target", 2027, GE, 4},
		{"putuo_tcm_physician_share_primary", "target", 2027, GE, 20},
		{"putuo_digital_health_service_volume", "target", 2027, GE, 30},
		{"putuo_personnel_spending_share", "target", 2027, GE, 46},
		{"putuo_cross_province_settlement_rate", "target", 2027, GE, 70},
		// Standing annex targets: one value printed across 2025 and 2027
		{"putuo_beds_per_1000", "target", 2027, GE, 6.1},
		{"putuo_nurses_per_1000", "target", 2027, GE, 4.6},
		{"putuo_township_hc_capacity_standard", "target", 2027, GE, 100},
		{"putuo_county_treatment_rate", "target", 2027, GE, 90},
		{"putuo_inpatient_reimbursement_rate", "target", 2027, GE, 70},
		// Full coverage (100) and qualitative goals of the body
		{"putuo_provincial_healthy_township_coverage", "target", 2027, GE, 100},
		{"putuo_chronic_clinic_coverage", "target", 2027, GE, 100},
		{"putuo_village_public_health_committees", "target", 2027, GE, 100},
		{"putuo_epidemiology_trained_staff", "target", 2027, GE, 100},
		{"putuo_public_health_departments", "target", 2027, GE, 100},
		{"putuo_remote_island_village_services", "target", 2027, GE, 100},
		{"putuo_geriatrics_departments", "target", 2027, GE, 100},
		{"putuo_township_tcm_hall_coverage", "target", 2027, GE, 100},
		{"putuo_general_hospital_tcm_dept_coverage", "target", 2027, GE, 100},
		{"putuo_mobile_insurance_payment_share", "target", 2027, GE, 100},
		{"putuo_cloud_clinic_share", "target", 2027, GE, 100},
		{"putuo_ai_two_cancer_screening_coverage", "target", 2027, Increase, 0},
		{"putuo_emergency_rescue_success", "target", 2027, Increase, 0},
		{"putuo_hospital_perf_rank", "target", 2027, Decrease, 0},
	})
}

// TestPutuoQualitative checks that the annex's text cells and the body's qualitative targets are
// encoded with the right test rather than dropped.
func TestPutuoQualitative(t *testing.T) {
	c := testCatalogue(t)
	want := map[string]Test{
		"putuo_healthy_life_expectancy":          Increase, // 同比例提高
		"putuo_maternal_mortality":               HoldLow,  // 持续巩固在历史低水平
		"putuo_infant_mortality":                 HoldLow,
		"putuo_under5_mortality":                 HoldLow,
		"putuo_basic_phs_funding_per_capita":     Increase, // 稳步提升
		"putuo_inpatient_reimbursement_rate":     Increase, // 报销比例稳步提升
		"putuo_inclusive_childcare_share":        Increase, // 逐年提高
		"putuo_zhouhuibao_enrolment_rate":        Increase, // 逐年递增
		"putuo_fd_contract_frail_elderly":        Increase, // 提高
		"putuo_ai_two_cancer_screening_coverage": Increase, // 扩大…覆盖面
	}
	for id, test := range want {
		ind, ok := c.Indicator(id)
		if !ok {
			t.Errorf("%s: no such indicator", id)
			continue
		}
		found := false
		for _, tg := range ind.Targets {
			if tg.Test == test && tg.Year == 2027 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no 2027 %s target (have %v)", id, test, fmtTargets(ind.Targets))
		}
	}
	annex, body := 0, 0
	for _, ind := range c.Indicators() {
		if ind.Region != "putuo" {
			continue
		}
		if len(ind.Source.Ref) >= len("附件") && ind.Source.Ref[:len("附件")] == "附件" {
			annex++
		} else {
			body++
		}
	}
	if annex != 23 {
		t.Errorf("putuo: %d annex indicators, want 23", annex)
	}
}
