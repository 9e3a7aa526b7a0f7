package kmslog

import (
	"strings"
	"testing"
)

// Real logs as users pasted them (cmd/kmsdoctor/testdata: heldout14
// dockervlmcsd gucs, analyze/in dockerkms10 and pykms97, SOURCES.md there),
// cut to the lines a case needs.
const vlmcsdLog = `docker compose logs of my computer

` + "```" + `
Attaching to dockervlmcsd_vlmcsd_1
vlmcsd_1  | 2018-04-17 08:30:47: Listening on 0.0.0.0:1688
vlmcsd_1  | 2018-04-17 08:30:47: vlmcsd private build started successfully
vlmcsd_1  | 2018-04-17 08:31:43: IPv4 connection accepted: 172.23.0.1:38940.
vlmcsd_1  | 2018-04-17 08:31:43: <<< Incoming KMS request
vlmcsd_1  | 2018-04-17 08:31:43: Licensing status                : 2 (OOB grace)
vlmcsd_1  | 2018-04-17 08:31:43: Workstation name                : win2k8r2
vlmcsd_1  | 2018-04-17 08:31:43: >>> Sending response, ePID source = randomized at program start
vlmcsd_1  | 2018-04-17 08:31:43: KMS host current active clients : 50
vlmcsd_1  | 2018-04-17 08:31:43: IPv4 connection closed: 172.23.0.1:38940.
` + "```"

const pykmsLog = `Use instrucrion but get this log and system not activeted.

Fri, 07 Feb 2025 12:29:24 INFO     Connection accepted: 192.168.1.43:50322
Fri, 07 Feb 2025 12:29:24 INFO     RPC bind request received.
Fri, 07 Feb 2025 12:29:24 INFO     Received activation request.
Fri, 07 Feb 2025 12:29:24 WARNING  With count = 26, activated client could be detected as not genuine !
Fri, 07 Feb 2025 12:29:24 INFO     License Status: Notifications Mode
Fri, 07 Feb 2025 12:29:24 INFO     Request Time: 2025-02-07 08:29:21 CET (UTC+0100)
Fri, 07 Feb 2025 12:29:24 INFO     Connection closed: 192.168.1.43:50322`

const pykmsNoData = `The log:
Thu, 24 Sep 2020 11:29:21 INFO     TCP server listening at 0.0.0.0 on port 1688.
Thu, 24 Sep 2020 11:31:12 INFO     Connection accepted: 127.0.0.1:53706
Thu, 24 Sep 2020 11:31:12 WARNING  No data received.
Thu, 24 Sep 2020 11:31:12 INFO     Connection closed: 127.0.0.1:53706

I have reboot the server, now it is be ok.`

// Constructed in py-kms's layout: a request that fails with an error.
const pykmsError = `Wed, 13 Oct 2021 10:25:29 INFO     Received activation request.
Wed, 13 Oct 2021 10:25:29 INFO     License Status: Notifications Mode
Wed, 13 Oct 2021 10:25:29 ERROR    Sqlite Error: no such table: clients. Exiting...
Wed, 13 Oct 2021 10:25:29 INFO     Connection closed: 192.168.1.13:49709`

// vlmcs, the test client (real, py-kms issue 138 as quoted in its tests).
const vlmcsOut = `Request Parameters
==================

Protocol version                : 6.0
Licensing status                : 2 (OOB grace)
Workstation name                : we-love.ubuntu.pro

Connecting to 172.16.18.68:1688 ... successful`

// py-kms's console and log (real, analyze/in systemragepykms138): the
// request reached the server, no response was sent.
const pykmsConsole = `Same here. I already installed tzlocal with pip, but windows server 2022 activation doesnt work.

                                                                Client sending
Server received RPC Bind Request !!!                            <===============

RPC Bind acknowledged !!!

                                                                Client sending
Server received RPC Activation Request !!!                      <===============

Server parsing RPC Activation Request...

Server processing KMS Activation Request...

^C`

// Constructed from py-kms's console messages: a request answered.
const pykmsAnswered = `Server received RPC Activation Request !!!                      <===============
Server processing KMS Activation Request...
Server generating RPC Activation Response...
<===============		Server sending RPC Activation Response...
				Server responded, now in Stand by...`

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		name, text          string
		server              string
		requests, answered  int
		count, first, lines int
		kept                []string // words left after Blank
	}{
		{"vlmcsd", vlmcsdLog, "vlmcsd", 1, 1, 50, 4, 9, []string{"docker compose logs"}},
		{"py-kms answered", pykmsLog, "py-kms", 1, 1, -1, 2, 7, []string{"system not activeted"}},
		{"py-kms no data", pykmsNoData, "py-kms", 0, 0, -1, 1, 4, []string{"now it is be ok"}},
		{"py-kms error", pykmsError, "py-kms", 1, 0, -1, 0, 4, nil},
		{"vlmcs client", vlmcsOut, "vlmcs", 0, 0, -1, 3, 3, []string{"Connecting to"}},
		{"py-kms console, no response", pykmsConsole, "py-kms", 1, 0, -1, 2, 7, []string{"activation doesnt work", "^C"}},
		{"py-kms console, answered", pykmsAnswered, "py-kms", 1, 1, -1, 0, 5, nil},
		{"words only", "Windows activation failed with 0xC004F074.\nLicense Status: Notification", "", 0, 0, -1, -1, 0, []string{"License Status: Notification"}},
		{"another program's timestamps", "2018-04-17 08:31:43: backup started\nThu, 24 Sep 2020 11:29:21 INFO     nginx reloaded", "", 0, 0, -1, -1, 0, []string{"backup started", "nginx reloaded"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lg := Scan(tc.text)
			if lg.Server != tc.server || lg.Requests != tc.requests || lg.Answered != tc.answered || lg.Count != tc.count ||
				lg.First != tc.first || len(lg.Lines) != tc.lines {
				t.Errorf("Scan = %+v, want server %q requests %d answered %d count %d first %d lines %d",
					lg, tc.server, tc.requests, tc.answered, tc.count, tc.first, tc.lines)
			}
			b := Blank(tc.text, lg)
			if len(b) != len(tc.text) || strings.Count(b, "\n") != strings.Count(tc.text, "\n") {
				t.Errorf("Blank changed the offsets: %q", b)
			}
			for _, w := range tc.kept {
				if !strings.Contains(b, w) {
					t.Errorf("Blank dropped %q: %q", w, b)
				}
			}
			if tc.server != "" && (strings.Contains(b, "grace") || strings.Contains(b, "Notifications Mode")) {
				t.Errorf("Blank kept a state of the log: %q", b)
			}
		})
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{vlmcsdLog, pykmsLog, pykmsNoData, pykmsError, vlmcsOut, pykmsConsole, pykmsAnswered} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lg := Scan(s)
		n := strings.Count(s, "\n") + 1
		if lg.Answered > lg.Requests || lg.Answered < 0 || lg.First >= n || (lg.First < 0) != (len(lg.Lines) == 0) {
			t.Fatalf("Scan(%q) = %+v", s, lg)
		}
		for _, i := range lg.Lines {
			if i < 0 || i >= n {
				t.Fatalf("line %d of %d lines", i, n)
			}
		}
		if b := Blank(s, lg); len(b) != len(s) {
			t.Fatalf("Blank: %d bytes, want %d", len(b), len(s))
		}
	})
}
