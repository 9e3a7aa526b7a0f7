package diagnose

import (
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The log of a KMS server pasted in a text (vlmcsd, py-kms; package
// kmslog, read by the prose kind): a request it answered shows that the
// KMS host works. What it prints of a request (the client's licence state,
// grace time, machine name) is what the client reported, no state of the
// machine the text is about, and raises nothing.

// Finding ids defined with the rules of this file (see Def in ids.go).
var (
	IDKMSHostLogAnswered = def(Def{ID: "kmshost.log.answered", Severity: report.OK, Rank: 90, Stage: report.StageKMSHost})
)

var _ = register("kmshost.log", []string{IDKMSHostLogAnswered}, func(s *evidence.Set, out *Out) {
	for i := range s.KMSServerLogs {
		l := &s.KMSServerLogs[i]
		if l.Answered <= 0 {
			continue
		}
		f := F{ID: IDKMSHostLogAnswered, Args: report.Args{"server": l.Server, "answered": l.Answered, "requests": l.Requests},
			Evidence: map[string]any{"server": l.Server, "requests": l.Requests, "answered": l.Answered},
			Sources:  srcs(l.Source)}
		if l.Count >= 0 {
			f.DetailKey = "finding.kmshost.log.answered.detail_count"
			f.Args["count"] = l.Count
			f.Evidence["current_count"] = l.Count
		}
		out.Add(f)
	}
})
