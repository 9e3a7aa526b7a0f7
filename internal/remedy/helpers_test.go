package remedy_test

import "github.com/kmsdoctor/kmsdoctor/internal/cmdline"

type cmdlineArg = cmdline.Arg

var holeArg = cmdline.Hole("<KMS-HOST>")

func cmdlineLit(s string) cmdline.Arg { return cmdline.Lit(s) }
