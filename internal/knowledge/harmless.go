package knowledge

import (
	"regexp"
	"strconv"
	"strings"
)

// Harmless is a licensing event Microsoft documents as harmless: logged
// in a normal state, to be ignored, no failure of activation.
type Harmless struct {
	ID int
	// Provider is the event's source, as its KB article names it.
	Provider string
	// KB is Microsoft's article saying the event can be ignored.
	KB string
	// Code is the result code the event carries ("" for none): shown
	// beside the event, it is the event's, not a failure.
	Code string
	// Marks are words, any one of which ties a mention of the id to this
	// event (its provider's name, its description): an id alone is not
	// enough, other providers reuse the numbers.
	Marks []string
	// Description is the event's own text (its failure words are the
	// event's, not the machine's).
	Description string
}

// harmless are the events of Microsoft's support articles that say so
// (SupportArticles-docs, licensing-and-activation):
//   - 1058 of Security-SPP, logged after an OEM-activated (OA) system
//     reboots (KB 2916670, "Application Event Log Warning ID 1058";
//     "this warning can be safely ignored").
//   - 12321 of Security-Licensing-SLC, "Token Based Activation failed"
//     with 0xC004F011, on a machine that does not use token-based
//     activation (KB 2020644; "the event can be safely ignored").
var harmless = []Harmless{
	{ID: 1058, Provider: "Microsoft-Windows-Security-SPP", KB: "KB 2916670",
		Marks: []string{"security-spp", "oem activation", "(oa)", " oa "}},
	{ID: 12321, Provider: "Microsoft-Windows-Security-Licensing-SLC", KB: "KB 2020644", Code: "0xC004F011",
		Marks:       []string{"security-licensing-slc", "token based activation", "token-based activation"},
		Description: "token based activation failed"},
}

// eventMentionRe is a mention of an event id: "event ID 12321", "Warning
// ID 1058", "Event 1058", "イベント ID 12321", "ID 1058".
var eventMentionRe = regexp.MustCompile(`(?i)(?:\bevent\s*(?:id)?|\bwarning\s*id|\berror\s*id|イベント\s*id|\bid)\s*[:#]?\s*(\d{3,5})\b`)

// HarmlessSeen is a harmless event a text mentions, on its line (0-based).
type HarmlessSeen struct {
	Harmless
	Line int
}

// HarmlessEvents returns the harmless events text mentions (each once,
// with a word that ties the id to the event, on its line or in the line
// before or after), and text with the lines that only describe them
// blanked (same length and lines): the mention, the event's own
// description and its code shown alone ("HR=0xC004F011"). What else the
// text says is left to read.
func HarmlessEvents(text string) ([]HarmlessSeen, string) {
	if !eventMentionRe.MatchString(text) {
		return nil, text // no allocation for the many texts that name no event
	}
	lines := strings.Split(text, "\n")
	low := make([]string, len(lines))
	for i, l := range lines {
		low[i] = strings.ToLower(l)
	}
	var out []HarmlessSeen
	var blank []int
	for i, l := range lines {
		for _, m := range eventMentionRe.FindAllStringSubmatch(l, -1) {
			id, _ := strconv.Atoi(m[1])
			for _, h := range harmless {
				if h.ID != id || !marked(h, low, i) || seenH(out, id) {
					continue
				}
				out = append(out, HarmlessSeen{Harmless: h, Line: i})
				blank = append(blank, i)
				for j := max(0, i-1); j < min(len(lines), i+4); j++ {
					if describes(h, low[j]) {
						blank = append(blank, j)
					}
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, text
	}
	return out, BlankLines(text, blank)
}

func seenH(out []HarmlessSeen, id int) bool {
	for _, h := range out {
		if h.ID == id {
			return true
		}
	}
	return false
}

// marked reports whether a line near i names h's provider or description.
func marked(h Harmless, low []string, i int) bool {
	for j := max(0, i-1); j < min(len(low), i+2); j++ {
		for _, w := range h.Marks {
			if strings.Contains(" "+low[j]+" ", w) {
				return true
			}
		}
	}
	return false
}

// describes reports whether line (lower case) is only h's description or
// its code: no other code, no other failure.
func describes(h Harmless, line string) bool {
	t := strings.TrimSpace(line)
	if t == "" {
		return false
	}
	if h.Description != "" && strings.Contains(t, h.Description) {
		return true
	}
	if h.Code != "" {
		c := strings.ToLower(h.Code)
		for _, p := range []string{"hr=", "hr = ", "hr: ", "error code: ", "code: ", ""} {
			if strings.TrimRight(t, ".") == p+c {
				return true
			}
		}
	}
	return false
}

// HarmlessEvent returns the harmless event of id logged by provider (an
// event log's record), ok false when it is none.
func HarmlessEvent(id int, provider string) (Harmless, bool) {
	for _, h := range harmless {
		if h.ID == id && strings.EqualFold(h.Provider, provider) {
			return h, true
		}
	}
	return Harmless{}, false
}
