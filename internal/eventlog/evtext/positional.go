package evtext

import (
	"regexp"
	"strconv"
	"strings"
)

// Event Viewer writes the same header in every display language, in the
// same order: Log Name, Source, Date, Event ID, Task Category, Level,
// Keywords, User, Computer, then Description (a label with no value, the
// message below it). A copy in a language whose labels are not in labels
// (French, Spanish, Chinese, Korean...) is read by that order: nine
// consecutive "label: value" lines whose fourth value is an event id (a
// number) and whose third is a date (digits and separators), the labels all
// different, and a tenth label with no value. The labels so learned are
// then known for the rest of the input (later copies of the same language).

// positional are the fields in Event Viewer's order; wevtutil qe /f:text
// prints its own (after "Event[N]:", with Opcode and User Name).
var (
	positional         = []int{fLog, fSource, fDate, fID, fTask, fLevel, fKeywords, fUser, fComputer, fDesc}
	positionalWevtutil = []int{fLog, fSource, fDate, fID, fTask, fLevel, fOpcode, fKeywords, fUser, fUser, fComputer, fDesc}
)

var (
	// "Label: value" with a label of a few words (any script), the colon
	// half or full width, French typography's blank before it allowed.
	anyLabelRe = regexp.MustCompile(`^\s*([^:：]{1,40}?)\s*[:：]\s*(.*?)\s*$`)
	dateLikeRe = regexp.MustCompile(`\d{1,4}[/.\-年]\d{1,2}[/.\-月]\d{1,4}`)
)

// learnLabels reports the labels of ls (the lines of a copied event's
// header, from its Log Name line) when they follow Event Viewer's order,
// nil when they do not.
func learnLabels(ls []string) map[string]int {
	if l := learnOrder(ls, positional); l != nil {
		return l
	}
	return learnOrder(ls, positionalWevtutil)
}

func learnOrder(ls []string, order []int) map[string]int {
	if len(ls) < len(order) {
		return nil
	}
	out := map[string]int{}
	for i, f := range order {
		m := anyLabelRe.FindStringSubmatch(strings.TrimRight(ls[i], "\r"))
		if m == nil {
			return nil
		}
		name, val := strings.ToLower(strings.Join(strings.Fields(m[1]), " ")), m[2]
		if name == "" || strings.ContainsAny(name, "0123456789<>=") {
			return nil
		}
		if _, dup := out[name]; dup {
			return nil
		}
		switch f {
		case fLog, fSource, fComputer:
			if val == "" {
				return nil
			}
		case fDate:
			if !dateLikeRe.MatchString(val) {
				return nil
			}
		case fID:
			if id, err := strconv.Atoi(val); err != nil || id <= 0 || id > 65535 {
				return nil
			}
		case fDesc:
			if val != "" {
				return nil
			}
		}
		out[name] = f
	}
	return out
}
