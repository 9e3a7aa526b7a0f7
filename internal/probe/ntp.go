package probe

import (
	"context"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// Clock measures this machine's clock offset against an SNTP server with
// github.com/beevik/ntp. Offset is reference - local.
func Clock(server string, timeout time.Duration) evidence.ClockSample {
	return clock(context.Background(), SystemEnv(), server, timeout)
}

func clock(ctx context.Context, env Env, server string, timeout time.Duration) evidence.ClockSample {
	out := evidence.ClockSample{Server: server, Source: src("ntp")}
	off, err := env.NTP(ctx, server, timeout)
	if err != nil {
		out.Err = err.Error()
		return out
	}
	out.Offset = off
	return out
}
