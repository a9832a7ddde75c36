#!/bin/sh
# Rebuilds forecast/backtest/panel-gapminder.csv.gz from a checkout of Gapminder's Systema Globalis
# (https://github.com/open-numbers/ddf--gapminder--systema_globalis, CC BY 4.0).
#
#   scripts/backtest-panel.sh PATH-TO-SYSTEMA-GLOBALIS COMMIT > forecast/backtest/panel-gapminder.csv.gz
#
# Keeps observed years from 1990 on (the life-expectancy series holds estimates only, no
# projections) and series with at least 6 such years.
set -eu
sg=$1
commit=$2
dir=$sg/countries-etc-datapoints
{
	cat <<HEAD
# Gapminder Systema Globalis, https://github.com/open-numbers/ddf--gapminder--systema_globalis
# commit $commit. Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),
# https://creativecommons.org/licenses/by/4.0/ ; attribution: "Free data from Gapminder.org".
# Indicators (Gapminder concept: upstream source):
#   doctors_per_1000  medical_doctors_per_1000_people: World Bank WDI (WHO), SH.MED.PHYS.ZS
#   u5mr              under_five_mortality_from_cme_per_1000_born: UN IGME (childmortality.org)
#   oop_share         out_of_pocket_share_of_total_health_spending_percent: WHO Global Health Expenditure Database
#   life_expectancy   life_expectancy_at_birth_data_from_ihme: IHME Global Burden of Disease 2017 estimates, 1990-2013
# Years from 1990; series with at least 6 observed years. Values as published; series = geo/indicator.
series,year,value,kind,lo,hi,unit,group
HEAD
	extract() { # file name kind lo hi unit
		awk -F, -v name="$2" -v kind="$3" -v lo="$4" -v hi="$5" -v unit="$6" '
			NR > 1 && $2 >= 1990 && $3 != "" { n[$1]++; row[$1, n[$1]] = $2 "," $3 }
			END {
				for (g in n) if (n[g] >= 6)
					for (i = 1; i <= n[g]; i++)
						print g "/" name "," row[g, i] "," kind "," lo "," hi "," unit "," name
			}' "$dir/ddf--datapoints--$1--by--geo--time.csv" | LC_ALL=C sort -t, -k1,1 -k2,2n
	}
	extract medical_doctors_per_1000_people doctors_per_1000 positive 0 "" "per 1000 people"
	extract under_five_mortality_from_cme_per_1000_born u5mr positive 0 "" "per 1000 live births"
	extract out_of_pocket_share_of_total_health_spending_percent oop_share share 0 100 "%"
	extract life_expectancy_at_birth_data_from_ihme life_expectancy positive 0 "" "years"
} | gzip -9n
