package probe

import (
	"time"

	"github.com/beevik/ntp"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Clock measures this machine's clock offset against an SNTP server with
// github.com/beevik/ntp. Offset is reference - local.
func Clock(server string, timeout time.Duration) evidence.ClockSample {
	out := evidence.ClockSample{Server: server, Source: src("ntp")}
	r, err := ntp.QueryWithOptions(server, ntp.QueryOptions{Timeout: timeout})
	if err == nil {
		err = r.Validate()
	}
	if err != nil {
		out.Err = err.Error()
		return out
	}
	out.Offset = r.ClockOffset
	return out
}
