// Package kmslog reads the logs of a KMS server as users paste them in
// tickets: vlmcsd's ("<<< Incoming KMS request", the request's fields,
// ">>> Sending response") and py-kms's ("INFO     Received activation
// request.", "INFO     License Status: Notifications Mode"), with their
// timestamps or a docker compose prefix ("vlmcsd_1  | "). Such a log is
// the KMS server's view: the licence state, grace time and machine name
// it prints are what a client reported in its request, not the state of
// the machine the ticket is about, and a request the server answered says
// that the KMS host works. The prose kind blanks the log's lines before it
// reads the words around them (Scan), and adds what the log shows as an
// evidence.KMSServerLog.
//
// Hand-written: the lines are the fixed messages of two programs, matched
// by their own words; no library reads them.
package kmslog

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Log is what Scan found: the log's lines (0-based indexes of the lines
// of the text) and the requests they show.
type Log struct {
	Server   string // "vlmcsd", "py-kms", or "vlmcs" (the test client's made-up request)
	Lines    []int  // the lines that are the log's
	Requests int    // activation requests received
	Answered int    // requests the server answered
	Count    int    // the active clients the server counted (vlmcsd), -1 if not shown
	First    int    // the first line of the log, -1 for none
}

// prefixRe is what comes before a log message: a docker compose service
// name ("vlmcsd_1  | "), a vlmcsd timestamp ("2018-04-17 08:31:43: ") or
// a py-kms one with its level ("Thu, 24 Sep 2020 11:29:21 INFO     ").
var prefixRe = regexp.MustCompile(`^(?:[A-Za-z0-9_.-]+\s+\|\s*)?(?:(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\s*)|(?:[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\s+(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+))`)

// vlmcsd's messages and the labels of the fields it prints of a request
// and of its response (vlmcsd's output.c, as its logs show them).
var vlmcsdMessages = []string{"listening on", "incoming kms request", "sending response", "connection accepted",
	"connection closed", "started successfully", "private build started", "vlmcsd"}

var vlmcsdFields = []string{"protocol version", "client is a virtual machine", "licensing status", "remaining time",
	"application id", "sku id", "kms id", "client machine id", "previous client machine id", "client request timestamp",
	"workstation name", "n count policy", "kms host extended pid", "kms host current active clients",
	"renewal interval policy", "activation interval policy", "hwid"}

// py-kms's messages at INFO, WARNING and ERROR (pykms_Server.py,
// pykms_Base.py, as its logs show them).
var pykmsMessages = []string{"tcp server listening", "hwid:", "connection accepted", "connection closed",
	"rpc bind request received", "rpc bind acknowledged", "received activation request", "received v", "machine name:",
	"machine ip:", "client machine id:", "application id:", "sku id:", "license status:", "request time:",
	"no data received", "with count =", "too many clients", "module 'tzlocal'", "sqlite error", "kms request", "kms response",
	"rpc message request", "rpc bind request bytes", "updating database file"}

// Scan finds the lines of text that are a KMS server's log and what they
// show. A text with none of them has Log.First -1.
func Scan(text string) Log {
	lg := Log{Count: -1, First: -1}
	if !candidate(text) {
		return lg
	}
	pending := false   // a py-kms request read, not yet answered or failed
	fields := false    // after vlmcs's "Request Parameters"
	cReq, cAns := 0, 0 // requests and answers of console lines
	for i, rest := 0, text; rest != ""; i++ {
		raw := rest
		if j := strings.IndexByte(rest, '\n'); j >= 0 {
			raw, rest = rest[:j], rest[j+1:]
		} else {
			rest = ""
		}
		line := strings.TrimSpace(raw)
		if strings.EqualFold(line, "request parameters") || strings.EqualFold(line, "response from kms server") {
			// vlmcs, the test client, prints the request it makes up,
			// then the same fields: no machine's state either.
			fields = true
			continue
		}
		if line == "" {
			continue
		}
		var m []int
		if lineCandidate(line) {
			m = prefixRe.FindStringSubmatchIndex(line)
		}
		if m == nil {
			if k := console(line); k != "" {
				// py-kms's console and vlmcsd's messages without a
				// timestamp: their own words, no prefix needed.
				switch k {
				case "request":
					cReq++
				case "answer":
					cAns++
				}
				if lg.Server == "" {
					lg.Server = "py-kms"
					if strings.Contains(line, "<<<") || strings.Contains(line, ">>>") || knowledge.ContainsLowered(line, "kms host current") {
						lg.Server = "vlmcsd"
					}
				}
				lg.Lines = append(lg.Lines, i)
				if lg.First < 0 {
					lg.First = i
				}
				continue
			}
			if (fields || lg.Server == "vlmcsd") && fieldLine(line) {
				lg.Lines = append(lg.Lines, i) // a field line without its timestamp
				if lg.First < 0 {
					lg.First = i
				}
				if lg.Server == "" {
					lg.Server = "vlmcs"
				}
			}
			continue
		}
		msg := strings.ToLower(strings.TrimSpace(line[m[1]:]))
		pykms := m[2] >= 0
		switch {
		case pykms && hasPrefixAny(msg, pykmsMessages):
			lg.Server = "py-kms"
			if strings.HasPrefix(msg, "received activation request") {
				if pending {
					lg.Answered++ // the earlier request got as far as a new one
				}
				lg.Requests++
				pending = true
			}
			if strings.HasPrefix(msg, "request time:") && pending {
				// py-kms logs the request's last field before it answers.
				lg.Answered++
				pending = false
			}
			if strings.HasPrefix(msg, "sqlite error") {
				pending = false
			}
		case pykms && line[m[2]:m[3]] == "ERROR":
			lg.Server = "py-kms"
			pending = false
		case pykms:
			continue // another program's message at that level
		case hasAny(msg, vlmcsdMessages) || fieldLine(msg):
			lg.Server = "vlmcsd"
			if strings.Contains(msg, "incoming kms request") {
				lg.Requests++
			}
			if strings.Contains(msg, "sending response") {
				lg.Answered++
			}
			if v, ok := field(msg, "kms host current active clients"); ok {
				if n, err := strconv.Atoi(v); err == nil {
					lg.Count = n
				}
			}
		default:
			continue
		}
		lg.Lines = append(lg.Lines, i)
		if lg.First < 0 {
			lg.First = i
		}
	}
	lg.Requests, lg.Answered = max(lg.Requests, cReq), max(lg.Answered, cAns)
	if lg.Answered > lg.Requests {
		lg.Answered = lg.Requests
	}
	return lg
}

// consoleLines are what py-kms's server prints on its console (its
// pykms_Server.py messages, with their arrows) and vlmcsd's messages
// that are its own without a timestamp: "request" for a request received,
// "answer" for a response sent, "" for the others.
var consoleLines = []struct{ words, kind string }{
	{"server received rpc activation request", "request"},
	{"<<< incoming kms request", "request"},
	{"server sending rpc activation response", "answer"},
	{"server responded, now in stand by", "answer"},
	{">>> sending response", "answer"},
	{"server received rpc bind request", ""}, {"server parsing rpc bind request", ""},
	{"server generating rpc bind response", ""}, {"server sending rpc bind response", ""},
	{"rpc bind acknowledged !!!", ""}, {"server parsing rpc activation request", ""},
	{"server processing kms activation request", ""}, {"server processing kms activation response", ""},
	{"server generating rpc activation response", ""}, {"kms host current active clients", ""},
}

// console is the kind of a console line, "-" for one that carries
// neither a request nor an answer, "" for no console line.
func console(line string) string {
	for _, c := range consoleLines {
		if knowledge.ContainsLowered(line, c.words) {
			if c.kind == "" {
				return "-"
			}
			return c.kind
		}
	}
	t := strings.Trim(line, " \t<=>")
	for _, w := range []string{"client sending", "client receiving", "server receiving", "server sending"} {
		if strings.EqualFold(t, w) {
			return "-"
		}
	}
	return ""
}

// markers are words one of which every log Scan reads has (py-kms's
// levels, vlmcsd's messages, vlmcs's header): a text with none is no log,
// and is not scanned line by line.
var markers = []string{"INFO", "WARNING", "ERROR", "DEBUG", "Listening on", "KMS request", "connection accepted",
	"Request Parameters", "started successfully", "RPC Bind", "RPC Activation", "Sending response", "active clients"}

func candidate(text string) bool {
	for _, m := range markers {
		if strings.Contains(text, m) {
			return true
		}
	}
	return false
}

// lineCandidate: line may be a log's line: it starts with a digit or a
// letter and has a colon (every timestamp and field has one).
func lineCandidate(line string) bool {
	c := line[0]
	return (('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')) && strings.IndexByte(line, ':') > 0
}

// Blank is text with the lines of lg left empty, so that offsets of line
// starts and line numbers stay those of text.
func Blank(text string, lg Log) string {
	return knowledge.BlankLines(text, lg.Lines)
}

// fieldLine: line (lowered) is a field vlmcsd prints of a request or a
// response ("licensing status                : 2 (oob grace)").
func fieldLine(line string) bool {
	low := strings.ToLower(line)
	k, _, ok := strings.Cut(low, ":")
	if !ok {
		return false
	}
	k = strings.TrimSpace(k)
	for _, f := range vlmcsdFields {
		if strings.HasPrefix(k, f) && len(low) > len(f) && strings.Contains(low[len(f):], " ") {
			return true
		}
	}
	return false
}

// field is the value of vlmcsd's field name in line (lowered).
func field(line, name string) (string, bool) {
	k, v, ok := strings.Cut(line, ":")
	if !ok || strings.TrimSpace(k) != name {
		return "", false
	}
	return strings.TrimSpace(v), true
}

func hasPrefixAny(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func hasAny(s string, ws []string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
