package scenarios

import (
	"slices"
	"testing"
)

// TestHuzhou54Rows checks numbers of 湖政办发〔2023〕54号 (annex 1 分年度主要目标表, annex 3 绩效目标表
// and the body text) as the catalogue must hold them.
func TestHuzhou54Rows(t *testing.T) {
	rows := []row{
		// Annex 1 row 1 / annex 3 指标19: 县域内住院量占比 90.76 → stay ≥ 90.
		{"huzhou_county_inpatient_share", "obs", 2022, "", 90.76},
		{"huzhou_county_inpatient_share", "milestone", 2023, Maintain, 90},
		{"huzhou_county_inpatient_share", "milestone", 2024, Maintain, 90},
		{"huzhou_county_inpatient_share", "target", 2025, Maintain, 90},
		// Annex 1 row 2 / annex 3 指标20: 基层诊疗量占比 74.24 → stay ≥ 70.
		{"huzhou_primary_visit_share", "obs", 2022, "", 74.24},
		{"huzhou_primary_visit_share", "milestone", 2023, Maintain, 70},
		{"huzhou_primary_visit_share", "target", 2025, Maintain, 70},
		// Annex 1 row 3 / annex 3 指标8: CMI.
		{"huzhou_cmi_tertiary", "obs", 2022, "", 0.95},
		{"huzhou_cmi_tertiary", "milestone", 2023, GE, 1.00},
		{"huzhou_cmi_tertiary", "milestone", 2024, GE, 1.05},
		{"huzhou_cmi_tertiary", "target", 2025, GE, 1.10},
		// Annex 1 row 4 / annex 3 指标9: 四级手术比例.
		{"huzhou_grade4_surgery_share", "obs", 2022, "", 17.56},
		{"huzhou_grade4_surgery_share", "milestone", 2023, GE, 18},
		{"huzhou_grade4_surgery_share", "milestone", 2024, GE, 18.5},
		{"huzhou_grade4_surgery_share", "target", 2025, GE, 19},
		// Annex 1 row 5: 三级公立医院占比.
		{"huzhou_tertiary_hospital_share", "obs", 2022, "", 40},
		{"huzhou_tertiary_hospital_share", "milestone", 2024, GE, 45},
		{"huzhou_tertiary_hospital_share", "target", 2025, GE, 50},
		// Annex 1 row 6: 达到国家推荐标准的基层医疗卫生机构占比.
		{"huzhou_primary_recommended_standard_share", "obs", 2022, "", 52.38},
		{"huzhou_primary_recommended_standard_share", "target", 2025, GE, 60},
		// Annex 1 row 7: 电子病历4级及以上覆盖率.
		{"huzhou_emr_level4_coverage", "obs", 2022, "", 55},
		{"huzhou_emr_level4_coverage", "milestone", 2023, GE, 65},
		{"huzhou_emr_level4_coverage", "milestone", 2024, GE, 75},
		{"huzhou_emr_level4_coverage", "target", 2025, GE, 100},
		// Annex 1 row 8 / annex 3 指标1: 医疗服务收入占比.
		{"huzhou_service_revenue_share", "obs", 2022, "", 38.09},
		{"huzhou_service_revenue_share", "milestone", 2023, GE, 38.5},
		{"huzhou_service_revenue_share", "milestone", 2024, GE, 39},
		{"huzhou_service_revenue_share", "target", 2025, GE, 40},
		// Annex 1 row 9: 人员支出占业务支出的比例.
		{"huzhou_staff_cost_share", "obs", 2022, "", 44.16},
		{"huzhou_staff_cost_share", "milestone", 2023, GE, 45},
		{"huzhou_staff_cost_share", "milestone", 2024, GE, 46},
		{"huzhou_staff_cost_share", "target", 2025, GE, 48},
		// Annex 1 row 10 / annex 3 指标12: 收支平衡.
		{"huzhou_balanced_hospital_share", "obs", 2022, "", 100},
		{"huzhou_balanced_hospital_share", "target", 2025, Maintain, 100},
		// Annex 3.
		{"huzhou_drg_payment_coverage", "target", 2025, Maintain, 100},
		{"huzhou_health_budget_execution", "obs", 2022, "", 98.59},
		{"huzhou_health_budget_execution", "milestone", 2024, GE, 99.5},
		{"huzhou_health_budget_execution", "target", 2025, GE, 99.8},
		{"huzhou_outpatient_discharge_ratio", "obs", 2022, "", 25.13},
		{"huzhou_outpatient_discharge_ratio", "milestone", 2024, LE, 23.5},
		{"huzhou_outpatient_discharge_ratio", "target", 2025, LE, 23},
		{"huzhou_dual_leader_share", "target", 2025, Maintain, 100},
		{"huzhou_unified_oversight_share", "target", 2025, Maintain, 100},
		{"huzhou_party_led_president_share", "target", 2025, Maintain, 100},
		{"huzhou_test_result_recognition_share", "target", 2025, Maintain, 100},
		{"huzhou_avg_length_of_stay", "obs", 2022, "", 6.73},
		{"huzhou_avg_length_of_stay", "milestone", 2023, LE, 6.60},
		{"huzhou_avg_length_of_stay", "milestone", 2024, LE, 6.55},
		{"huzhou_avg_length_of_stay", "target", 2025, LE, 6.50},
		{"huzhou_admin_cost_share", "obs", 2022, "", 8.87},
		{"huzhou_admin_cost_share", "milestone", 2023, LE, 8.60},
		{"huzhou_admin_cost_share", "milestone", 2024, LE, 8.40},
		{"huzhou_admin_cost_share", "target", 2025, LE, 8.20},
		{"huzhou_outpatient_cost_growth", "obs", 2022, "", 1.34},
		{"huzhou_outpatient_cost_growth", "target", 2025, LE, 5},
		{"huzhou_inpatient_cost_growth", "obs", 2022, "", 1.81},
		{"huzhou_inpatient_cost_growth", "milestone", 2023, LE, 5},
		{"huzhou_inpatient_cost_growth", "target", 2025, LE, 5},
		{"huzhou_no_capital_debt_share", "target", 2025, Maintain, 100},
		{"huzhou_price_adjustment_mechanism_share", "target", 2025, Maintain, 100},
		{"huzhou_pay_adjustment_share", "target", 2025, Maintain, 100},
		{"huzhou_stable_pay_share", "obs", 2022, "", 30},
		{"huzhou_stable_pay_share", "milestone", 2023, GE, 35},
		{"huzhou_stable_pay_share", "milestone", 2024, GE, 40},
		{"huzhou_stable_pay_share", "target", 2025, GE, 45},
		{"huzhou_outpatient_satisfaction", "obs", 2022, "", 89.73},
		{"huzhou_outpatient_satisfaction", "target", 2025, GE, 90},
		{"huzhou_inpatient_satisfaction", "obs", 2022, "", 93.00},
		{"huzhou_inpatient_satisfaction", "milestone", 2024, GE, 90},
		{"huzhou_staff_satisfaction", "obs", 2022, "", 87.65},
		{"huzhou_staff_satisfaction", "target", 2025, GE, 90},
		// Body text.
		{"huzhou_employee_insurance_reimbursement", "target", 2025, Maintain, 85},
		{"huzhou_resident_insurance_reimbursement", "target", 2025, Maintain, 70},
		{"huzhou_new_national_key_specialties", "target", 2025, GE, 1},
		{"huzhou_new_county_key_specialties", "target", 2025, GE, 20},
		{"huzhou_county_medical_highland_hospitals", "target", 2025, GE, 5},
		{"huzhou_new_medical_doctorates", "target", 2025, GE, 100},
		{"huzhou_new_medical_masters", "target", 2025, GE, 1000},
		{"huzhou_county_tertiary_hospital_share", "obs", 2022, "", 20},
		{"huzhou_county_tertiary_hospital_share", "target", 2025, GE, 40},
		{"huzhou_county_critical_care_share", "target", 2025, GE, 95},
		{"huzhou_ems_response_time", "target", 2025, LE, 10},
		{"huzhou_gp_per_10k", "target", 2025, GE, 5},
		{"huzhou_family_doctor_coverage", "target", 2025, GE, 46},
		{"huzhou_key_population_signing_rate", "target", 2025, GE, 95},
		{"huzhou_two_chronic_mgmt_rate", "target", 2025, GE, 80},
		{"huzhou_primary_bed_occupancy", "target", 2025, GE, 50},
		{"huzhou_smart_hospital_count", "target", 2025, GE, 10},
		{"huzhou_physicians_per_1000", "target", 2025, GE, 3.8},
		{"huzhou_township_palliative_share", "target", 2025, GE, 50},
		{"huzhou_intellectual_member_share", "milestone", 2024, GE, 50},
		{"huzhou_benchmark_hospitals", "milestone", 2024, GE, 6},
		{"huzhou_benchmark_hospitals", "target", 2025, GE, 10},
		{"huzhou_three_star_clean_hospital_share", "target", 2025, GE, 80},
		// Annex 2.
		{"huzhou_county_medical_subcentres", "milestone", 2023, GE, 3},
		{"huzhou_county_medical_subcentres", "target", 2025, GE, 9},
		{"huzhou_health_bus_trips", "target", 2025, GE, 900},
		// Full coverage (100), annex 2 project counts and rates, qualitative goals
		{"huzhou_shortage_doctor_pay", "target", 2025, Increase, 0},
		{"huzhou_discipline_leaders", "milestone", 2024, GE, 65},
		{"huzhou_five_star_maternity_clinics", "target", 2024, GE, 30},
		{"huzhou_child_health_mgmt_centres", "target", 2024, GE, 27},
		{"huzhou_perf_exam_city_a_coverage", "target", 2025, GE, 100},
		{"huzhou_county_tertiary_general_coverage", "target", 2025, GE, 100},
		{"huzhou_payment_reform_region_coverage", "target", 2025, GE, 100},
		{"huzhou_payment_reform_cost_coverage", "target", 2025, GE, 100},
		{"huzhou_payment_reform_population_coverage", "target", 2025, GE, 100},
		{"huzhou_payment_reform_institution_coverage", "target", 2025, GE, 100},
		{"huzhou_chronic_clinic_standard_share", "target", 2025, GE, 100},
		{"huzhou_primary_basic_standard_share", "target", 2025, GE, 100},
		{"huzhou_mobile_payment_share", "target", 2023, GE, 100},
		{"huzhou_leading_talent_cooperation_coverage", "target", 2025, GE, 100},
		{"huzhou_internet_nursing_coverage", "target", 2025, GE, 100},
		{"huzhou_pre_visit_mode_share", "target", 2025, GE, 100},
		{"huzhou_board_and_admit_share", "target", 2025, GE, 100},
		{"huzhou_county_tcm_hospital_coverage", "target", 2025, GE, 100},
		{"huzhou_county_general_tcm_dept_share", "target", 2025, GE, 100},
		{"huzhou_county_mch_tcm_share", "target", 2025, GE, 100},
		{"huzhou_township_tcm_hall_share", "target", 2025, GE, 100},
		{"huzhou_village_tcm_service_share", "target", 2025, GE, 100},
		{"huzhou_discipline_committee_share", "target", 2025, GE, 100},
		{"huzhou_two_star_clean_hospital_share", "target", 2025, GE, 100},
		{"huzhou_party_brand_coverage", "target", 2023, GE, 100},
		{"huzhou_county_five_centres_coverage", "target", 2025, GE, 100},
		{"huzhou_five_star_mch_township_coverage", "target", 2025, GE, 100},
		{"huzhou_mch_critical_care_centres", "target", 2023, GE, 14},
		{"huzhou_five_star_maternity_clinics", "milestone", 2023, GE, 20},
		{"huzhou_five_star_child_clinics", "milestone", 2023, GE, 20},
		{"huzhou_child_health_mgmt_centres", "milestone", 2023, GE, 17},
		{"huzhou_infant_care_demo_centres", "target", 2023, GE, 1},
		{"huzhou_key_labs", "target", 2025, GE, 8},
		{"huzhou_provincial_key_labs_2025", "target", 2025, GE, 1},
		{"huzhou_municipal_key_labs_2025", "target", 2025, GE, 3},
		{"huzhou_joint_key_disciplines_2023", "target", 2023, GE, 5},
		{"huzhou_municipal_innovation_disciplines_2023", "target", 2023, GE, 6},
		{"huzhou_provincial_key_disciplines_2024", "target", 2024, GE, 5},
		{"huzhou_new_county_tertiary_hospitals", "milestone", 2023, GE, 2},
		{"huzhou_new_county_tertiary_hospitals", "target", 2025, GE, 3},
		{"huzhou_new_county_2a_hospitals", "target", 2023, GE, 2},
		{"huzhou_smart_hospital_start_rate", "target", 2023, GE, 80},
		{"huzhou_smart_hospital_completion_rate", "milestone", 2024, GE, 50},
		{"huzhou_smart_hospital_completion_rate", "target", 2025, GE, 100},
		{"huzhou_health_brain_start_rate", "target", 2023, GE, 80},
		{"huzhou_patient_experience_lessons", "target", 2025, GE, 5},
		{"huzhou_tcm_key_specialties_2023", "target", 2023, GE, 15},
		{"huzhou_famous_tcm_studios", "target", 2023, GE, 7},
		{"huzhou_provincial_tcm_key_specialties_new", "target", 2024, GE, 4},
		{"huzhou_tcm_appropriate_techniques", "target", 2024, GE, 10},
		{"huzhou_tcm_culture_tourism_bases", "target", 2024, GE, 1},
		{"huzhou_finance_platform_hospitals", "target", 2024, GE, 15},
		{"huzhou_on_time_settlement_rate", "target", 2025, Increase, 0},
		// Every other goal of the body and annexes, section by section
		// 正文 二
		{"huzhou_inpatient_satisfaction", "target", 2025, GE, 90},
		// 正文 三(一)1
		{"huzhou_new_provincial_key_specialties", "target", 2025, GE, 3},
		{"huzhou_new_municipal_key_specialties", "target", 2025, GE, 5},
		// 正文 三(一)3
		{"huzhou_township_ems_stations", "target", 2025, GE, 1},
		// 正文 三(一)5
		{"huzhou_major_infectious_incidence", "target", 2025, Decrease, 0},
		{"huzhou_chronic_premature_mortality", "target", 2025, Decrease, 0},
		// 正文 三(二)
		{"huzhou_balanced_hospital_share", "milestone", 2023, Maintain, 100},
		{"huzhou_balanced_hospital_share", "milestone", 2024, Maintain, 100},
		// 正文 三(二)3
		{"huzhou_avg_pay_level", "target", 2025, Increase, 0},
		{"huzhou_same_price_drg_groups", "target", 2025, Increase, 0},
		// 正文 三(三)2
		{"huzhou_county_palliative_wards", "target", 2025, GE, 1},
		{"huzhou_outpatient_satisfaction", "target", 2025, Increase, 0},
		{"huzhou_inpatient_satisfaction", "target", 2025, Increase, 0},
		// 正文 三(三)5
		{"huzhou_five_star_branches", "milestone", 2023, GE, 30},
		{"huzhou_five_star_branches", "milestone", 2024, GE, 30},
		{"huzhou_five_star_branches", "target", 2025, GE, 30},
		{"huzhou_branch_secretary_training", "milestone", 2023, GE, 2},
		{"huzhou_branch_secretary_training", "milestone", 2024, GE, 2},
		{"huzhou_branch_secretary_training", "target", 2025, GE, 2},
		{"huzhou_intellectual_member_share", "milestone", 2023, GE, 50},
		{"huzhou_intellectual_member_share", "target", 2025, GE, 50},
		// 附件1
		{"huzhou_primary_visit_share", "milestone", 2024, Maintain, 70},
		{"huzhou_tertiary_hospital_share", "milestone", 2023, GE, 45},
		{"huzhou_primary_recommended_standard_share", "milestone", 2023, GE, 60},
		{"huzhou_primary_recommended_standard_share", "milestone", 2024, GE, 60},
		// 附件2 健共体
		{"huzhou_county_medical_subcentres", "milestone", 2024, GE, 6},
		// 附件2 妇幼
		{"huzhou_five_star_child_clinics", "target", 2024, GE, 30},
		// 附件2 医学高地
		{"huzhou_discipline_leaders", "target", 2025, GE, 100},
		{"huzhou_discipline_leaders", "milestone", 2023, GE, 30},
		// 附件2 重点专科
		{"huzhou_expert_teams", "milestone", 2023, GE, 10},
		{"huzhou_expert_teams", "milestone", 2024, GE, 20},
		{"huzhou_expert_teams", "target", 2025, GE, 30},
		// 附件2 院前急救
		{"huzhou_new_township_ems_stations", "milestone", 2023, GE, 5},
		{"huzhou_new_township_ems_stations", "milestone", 2024, GE, 5},
		{"huzhou_new_township_ems_stations", "target", 2025, GE, 5},
		{"huzhou_ems_response_time", "milestone", 2023, LE, 10},
		// 附件2 数字健康大脑
		{"huzhou_health_platform_5b_pass_rate", "target", 2025, GE, 50},
		// 附件2 中医药
		{"huzhou_tcm_apprentices", "target", 2025, GE, 50},
		// 附件2 党建
		{"huzhou_health_bus_trips", "milestone", 2023, GE, 300},
		{"huzhou_health_bus_fee_relief", "milestone", 2023, GE, 1000},
		{"huzhou_health_bus_trips", "milestone", 2024, GE, 600},
		{"huzhou_health_bus_fee_relief", "milestone", 2024, GE, 2000},
		{"huzhou_health_bus_fee_relief", "target", 2025, GE, 3000},
		{"huzhou_party_led_president_share", "milestone", 2023, Maintain, 100},
		// 附件3
		{"huzhou_drg_payment_coverage", "obs", 2022, "", 100},
		{"huzhou_drg_payment_coverage", "milestone", 2023, Maintain, 100},
		{"huzhou_drg_payment_coverage", "milestone", 2024, Maintain, 100},
		{"huzhou_health_budget_execution", "milestone", 2023, GE, 99},
		{"huzhou_outpatient_discharge_ratio", "milestone", 2023, LE, 24},
		{"huzhou_dual_leader_share", "obs", 2022, "", 100},
		{"huzhou_dual_leader_share", "milestone", 2023, Maintain, 100},
		{"huzhou_dual_leader_share", "milestone", 2024, Maintain, 100},
		{"huzhou_unified_oversight_share", "obs", 2022, "", 100},
		{"huzhou_unified_oversight_share", "milestone", 2023, Maintain, 100},
		{"huzhou_unified_oversight_share", "milestone", 2024, Maintain, 100},
		{"huzhou_party_led_president_share", "obs", 2022, "", 100},
		{"huzhou_party_led_president_share", "milestone", 2024, Maintain, 100},
		{"huzhou_test_result_recognition_share", "obs", 2022, "", 100},
		{"huzhou_test_result_recognition_share", "milestone", 2023, Maintain, 100},
		{"huzhou_test_result_recognition_share", "milestone", 2024, Maintain, 100},
		{"huzhou_no_capital_debt_share", "obs", 2022, "", 100},
		{"huzhou_no_capital_debt_share", "milestone", 2023, Maintain, 100},
		{"huzhou_no_capital_debt_share", "milestone", 2024, Maintain, 100},
		{"huzhou_price_adjustment_mechanism_share", "obs", 2022, "", 100},
		{"huzhou_price_adjustment_mechanism_share", "milestone", 2023, Maintain, 100},
		{"huzhou_price_adjustment_mechanism_share", "milestone", 2024, Maintain, 100},
		{"huzhou_pay_adjustment_share", "obs", 2022, "", 100},
		{"huzhou_pay_adjustment_share", "milestone", 2023, Maintain, 100},
		{"huzhou_pay_adjustment_share", "milestone", 2024, Maintain, 100},
		{"huzhou_staff_satisfaction", "milestone", 2023, GE, 90},
		{"huzhou_staff_satisfaction", "milestone", 2024, GE, 90},
		{"huzhou_outpatient_cost_growth", "milestone", 2023, LE, 5},
		{"huzhou_outpatient_cost_growth", "milestone", 2024, LE, 5},
		{"huzhou_inpatient_cost_growth", "milestone", 2024, LE, 5},
		{"huzhou_outpatient_satisfaction", "milestone", 2023, GE, 90},
		{"huzhou_inpatient_satisfaction", "milestone", 2023, GE, 90},
		{"huzhou_outpatient_satisfaction", "milestone", 2024, GE, 90},
	}
	checkRows(t, rows)

	c := testCatalogue(t)
	for _, q := range []struct {
		id   string
		test Test
	}{
		{"huzhou_outpatient_satisfaction", Increase},
		{"huzhou_avg_pay_level", Increase},
		{"huzhou_chronic_premature_mortality", Decrease},
	} {
		ind, ok := c.Indicator(q.id)
		if !ok {
			t.Errorf("%s: no such indicator", q.id)
			continue
		}
		found := false
		for _, tg := range ind.Targets {
			if tg.Year == 2025 && tg.Test == q.test {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no 2025 %s target (have %v)", q.id, q.test, fmtTargets(ind.Targets))
		}
	}

	links := map[string]string{
		"huzhou_cmi_tertiary":              "huzhou_medical_highland",
		"huzhou_grade4_surgery_share":      "huzhou_medical_highland",
		"huzhou_staff_cost_share":          "huzhou_hr_pay_reform",
		"huzhou_county_inpatient_share":    "huzhou_health_alliance",
		"huzhou_family_doctor_coverage":    "huzhou_primary_care",
		"huzhou_ems_response_time":         "huzhou_county_hospital",
		"huzhou_outpatient_cost_growth":    "huzhou_hospital_management",
		"huzhou_drg_payment_coverage":      "huzhou_payment_reform",
		"huzhou_physicians_per_1000":       "huzhou_talent",
		"huzhou_intellectual_member_share": "huzhou_party_building",
	}
	for id, prog := range links {
		ind, ok := c.Indicator(id)
		if !ok {
			t.Errorf("%s: no such indicator", id)
			continue
		}
		if !slices.Contains(ind.Programs, prog) {
			t.Errorf("%s: not linked to %s (have %v)", id, prog, ind.Programs)
		}
	}

	b, ok := c.Budget("huzhou")
	if !ok {
		t.Fatal("no Huzhou budget")
	}
	if b.Total != 97500 || b.CountyShare != 0.65 {
		t.Errorf("budget total %v, county share %v; want 97500, 0.65", b.Total, b.CountyShare)
	}
	for y, v := range map[int]float64{2023: 32637, 2024: 40957, 2025: 23906} {
		if b.Annual[y] != v {
			t.Errorf("budget %d: %v, want %v", y, b.Annual[y], v)
		}
	}
	want := map[string]float64{"central": 50000, "provincial": 10000, "local": 24850, "other": 12650}
	for _, s := range b.Sources {
		if w, ok := want[s.ID]; !ok || s.Amount != w {
			t.Errorf("budget source %s: %v, want %v", s.ID, s.Amount, w)
		}
		delete(want, s.ID)
	}
	if len(want) > 0 {
		t.Errorf("budget sources missing: %v", want)
	}
	n := 0
	for _, g := range b.Groups {
		n += len(g.Programs)
		if len(g.Programs) != 5 {
			t.Errorf("group %s has %d programs, want 5", g.ID, len(g.Programs))
		}
	}
	if len(b.Groups) != 3 || n != 15 {
		t.Errorf("budget has %d groups with %d programs, want 3 and 15", len(b.Groups), n)
	}
}
