package report

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Args are the raw values of a message's {name} placeholders. A value is a
// string, a number, a bool, a nested Message (a sub-phrase worded in the
// reader's language) or a List of Messages. Nothing pre-worded in one
// language belongs here: a phrase is a nested Message.
type Args = map[string]any

// Message is a catalogue key and the raw values of its placeholders.
type Message struct {
	Key  string `json:"key"`
	Args Args   `json:"args,omitempty"`
}

// Msg is a Message with args.
func Msg(key string, args Args) Message { return Message{Key: key, Args: args} }

// IsZero reports whether m has no key.
func (m Message) IsZero() bool { return m.Key == "" }

// List is a list of sub-phrases joined by the catalogue message Sep (the
// separator differs between languages: "; " and "、").
type List struct {
	Sep   string    `json:"sep"`
	Items []Message `json:"items"`
}

// Join is a List of items joined by the separator message sep.
func Join(sep string, items ...Message) List { return List{Sep: sep, Items: items} }

// UnmarshalJSON reads args back into the types they were written from:
// objects with a "key" are Messages, objects with "items" are Lists, and
// numbers keep their exact text (json.Number), so a message read from a
// stored report words exactly as the one that was stored.
func (m *Message) UnmarshalJSON(b []byte) error {
	var raw struct {
		Key  string                     `json:"key"`
		Args map[string]json.RawMessage `json:"args"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Key = raw.Key
	m.Args = nil
	if raw.Args == nil {
		return nil
	}
	m.Args = make(Args, len(raw.Args))
	for k, v := range raw.Args {
		a, err := decodeArg(v)
		if err != nil {
			return fmt.Errorf("message %s: arg %s: %w", raw.Key, k, err)
		}
		m.Args[k] = a
	}
	return nil
}

func decodeArg(v json.RawMessage) (any, error) {
	v = bytes.TrimSpace(v)
	if len(v) > 0 && v[0] == '{' {
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(v, &probe); err != nil {
			return nil, err
		}
		if _, ok := probe["items"]; ok {
			var l List
			err := json.Unmarshal(v, &l)
			return l, err
		}
		if _, ok := probe["key"]; ok {
			var m Message
			err := json.Unmarshal(v, &m)
			return m, err
		}
	}
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	var a any
	err := d.Decode(&a)
	return a, err
}

// Normalize returns m as it reads back from JSON: the in-memory report of a
// run and a stored one then word every message the same way.
//
// Before that, values JSON would not keep are turned into what they print
// as: an error into its text, a fmt.Stringer into its String, and a
// []Message into a List joined by "report.list_sep".
func (m Message) Normalize() Message {
	if len(m.Args) == 0 {
		return Message{Key: m.Key}
	}
	b, err := json.Marshal(Message{Key: m.Key, Args: printable(m.Args)})
	if err != nil {
		panic(fmt.Sprintf("report: message %s has an argument JSON cannot hold: %v", m.Key, err))
	}
	var out Message
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("report: message %s does not read back: %v", m.Key, err))
	}
	return out
}

// printable converts the values of args JSON would lose (see Normalize).
func printable(args Args) Args {
	out := make(Args, len(args))
	for k, v := range args {
		switch x := v.(type) {
		case Message:
			out[k] = Message{Key: x.Key, Args: printable(x.Args)}
		case *Message:
			out[k] = Message{Key: x.Key, Args: printable(x.Args)}
		case List:
			items := make([]Message, len(x.Items))
			for i, it := range x.Items {
				items[i] = Message{Key: it.Key, Args: printable(it.Args)}
			}
			out[k] = List{Sep: x.Sep, Items: items}
		case []Message:
			out[k] = printable(Args{k: List{Sep: "report.list_sep", Items: x}})[k]
		case error:
			out[k] = x.Error()
		case fmt.Stringer:
			out[k] = x.String()
		default:
			out[k] = v
		}
	}
	return out
}

// Raw is a message that is just the value text, for a list that mixes
// values with worded phrases.
func Raw(text string) Message { return Message{Key: "report.raw", Args: Args{"text": text}} }
