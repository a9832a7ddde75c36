package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/healthsim/healthsim/forecast"
	"github.com/healthsim/healthsim/scenarios"
)

func newValidateCmd(e *env) *cobra.Command {
	var configs []string
	cmd := &cobra.Command{
		Use: "validate --config FILE...",
		Example: `  healthsim validate --config examples/huzhou-plan.yaml
  healthsim validate --config base.yaml --config what-if.yaml`,
		Short: "Check scenario config files against the catalogue without running them",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(configs) == 0 {
				return usageError{fmt.Errorf("validate needs at least one --config FILE")}
			}
			cat, err := scenarios.LoadCatalogue()
			if err != nil {
				return err
			}
			cfg, err := scenarios.LoadConfig(configs, runSettingFlags(cmd.Flags()))
			if err != nil {
				return err
			}
			sc, err := cfg.Resolve(cat)
			if err != nil {
				return err
			}
			d, err := forecast.LoadDefaults()
			if err != nil {
				return err
			}
			m, err := forecast.Compile(sc, d)
			if err != nil {
				return cfg.Locate(err)
			}
			fmt.Fprintf(e.stdout, "ok: %s: %s\n", terminalSafe(sc.Name), m)
			noteScenario(e, false, cat, m)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&configs, "config", nil, "config file to check; repeat to merge files in order")
	registerRunSettings(cmd.Flags(), "actuals")
	return cmd
}
