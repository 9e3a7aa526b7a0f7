// Command testsum reads `go test -json` from standard input, prints the
// output of every failed test (and of packages that failed to build), and
// ends with one line: "N passed, N failed, N skipped". It exits 1 when
// anything failed. `make test` pipes its unit tests through it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	var passed, failed, skipped int
	output := map[string][]string{} // package/test -> lines
	var failures []string
	testFailed := map[string]bool{} // packages with a failed test
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			fmt.Println(string(line)) // build errors come as plain text
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if len(output[key]) < 400 {
				output[key] = append(output[key], e.Output)
			}
		case "pass":
			if e.Test != "" {
				passed++
			}
			delete(output, key)
		case "skip":
			if e.Test != "" {
				skipped++
			}
			delete(output, key)
		case "fail":
			switch {
			case e.Test != "":
				failed++
				testFailed[e.Package] = true
				failures = append(failures, key)
			case !testFailed[e.Package]:
				failed++ // the package failed without a failing test (build error, panic in init, timeout)
				failures = append(failures, key)
			}
		}
	}
	sort.Strings(failures)
	for _, k := range failures {
		fmt.Printf("--- FAIL %s\n%s", k, strings.Join(output[k], ""))
	}
	fmt.Printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if len(failures) > 0 {
		os.Exit(1)
	}
}
