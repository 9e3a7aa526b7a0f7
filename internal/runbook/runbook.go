// Package runbook reads the outputs of the runbook commands users paste.
package runbook

import "github.com/kmsdoctor/kmsdoctor/internal/evidence"

func DetectNslookup(text string) bool                                        { return false }
func StartsNslookup(line string) bool                                        { return false }
func ReadNslookup(file string, line int, text string, s *evidence.Set) error { return nil }
func DetectTNC(text string) bool                                             { return false }
func StartsTNC(line string) bool                                             { return false }
func ReadTNC(file string, line int, text string, s *evidence.Set) error      { return nil }
func DetectPsping(text string) bool                                          { return false }
func StartsPsping(line string) bool                                          { return false }
func ReadPsping(file string, line int, text string, s *evidence.Set) error   { return nil }
func DetectW32tm(text string) bool                                           { return false }
func StartsW32tm(line string) bool                                           { return false }
func ReadW32tm(file string, line int, text string, s *evidence.Set) error    { return nil }
