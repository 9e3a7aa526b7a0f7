package diagnose

import "github.com/kmsdoctor/kmsdoctor/internal/evidence"

// adActivated: the evidence shows a product activated through Active
// Directory (ADBA), where no KMS host count applies.
func adActivated(s *evidence.Set) bool { return false }
