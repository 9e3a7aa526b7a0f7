//go:build !unix

package main

import "time"

// cpuTime is unknown here: the run prints no CPU figure.
func cpuTime() time.Duration { return -1 }
