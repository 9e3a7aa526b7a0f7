package server

import (
	"context"
	"sync"
	"time"

	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
)

// answerTTL is how long GET /api/v1/summary and /api/v1/kms-hosts reuse
// an answer: their queries aggregate every machine (about 0.2 s with
// 500,000 machines on SQLite, see the README), and a dashboard or several
// readers asking at once then cost one query. The answer is at most this
// old; `?fresh=1` skips the cache.
const answerTTL = 5 * time.Second

// cached is one cached answer; its mutex also makes concurrent misses
// wait for the one query in flight.
type cached[T any] struct {
	mu  sync.Mutex
	at  time.Time
	val T
}

func (c *cached[T]) get(ctx context.Context, fresh bool, compute func(context.Context) (T, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !fresh && !c.at.IsZero() && time.Since(c.at) < answerTTL {
		return c.val, nil
	}
	v, err := compute(ctx)
	if err != nil {
		return v, err
	}
	c.val, c.at = v, time.Now()
	return v, nil
}

// kmsAnswer is what GET /api/v1/kms-hosts answers.
type kmsAnswer struct {
	hosts []fleet.KMSHost
	dups  []fleet.CMIDGroup
}

// answerCache holds the cached answers of a server.
type answerCache struct {
	summary cached[fleet.Summary]
	kms     cached[kmsAnswer]
}
