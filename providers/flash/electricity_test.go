package flash

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"till/sale"
)

const meter = "14123456789"

// utilityAnswer is a delivered prepaid utility answer with tokens as given.
func utilityAnswer(tokens string, extra ...string) string {
	return `{"responseCode":0,"reference":"` + string(testRef) + `","transactionId":42,"amount":5000,` +
		`"meterInfo":{"meterNumber":"` + meter + `","supplyGroupCode":123456,"keyRevisionNumber":"1","tariffIndex":"01"},` +
		strings.Join(extra, "") + `"tokens":` + tokens + `}`
}

func parseElectricity(body string) sale.Outcome {
	return parsePurchase(http.StatusOK, []byte(body), expect{ref: testRef, account: testAccount, cents: 5000,
		items: func(e *envelope) ([]sale.Item, error) { return electricityItems(e, meter) }})
}

// TestElectricityAnswerShapes: every token must be 20 digits, or the sale
// is in doubt; everything else is read leniently.
func TestElectricityAnswerShapes(t *testing.T) {
	const credit = `{"type":"Credit","token":"1234 5678 9012 3456 7890","units":{"quantity":12.5,"unitType":"kWh"}}`
	for name, c := range map[string]struct {
		body   string
		result sale.Result
		want   string // an item value that must be there
	}{
		"one token":            {utilityAnswer(`[` + credit + `]`), sale.ResultDelivered, "1234 5678 9012 3456 7890"},
		"token with dashes":    {utilityAnswer(`[{"type":"Credit","token":"1234-5678-9012-3456-7890"}]`), sale.ResultDelivered, "1234 5678 9012 3456 7890"},
		"a single object":      {utilityAnswer(credit), sale.ResultDelivered, "12.5 kWh"},
		"blocks as an object":  {utilityAnswer(`[`+credit+`]`, `"tariffBlocks":{"amount":5000,"costPerUnit":"245.67","units":20.3},`), sale.ResultDelivered, "20.3 kWh @ 245.67c = R 50.00"},
		"fbe as a string":      {utilityAnswer(`[`+credit+`]`, `"isFBE":"true",`), sale.ResultDelivered, "12.5 kWh"},
		"token as number":      {utilityAnswer(`[{"type":"Credit","token":12345678901234567890}]`), sale.ResultDelivered, "1234 5678 9012 3456 7890"},
		"no tokens":            {utilityAnswer(`[]`), sale.ResultInDoubt, ""},
		"null tokens":          {utilityAnswer(`null`), sale.ResultInDoubt, ""},
		"blank token":          {utilityAnswer(`[{"type":"Credit","token":""}]`), sale.ResultInDoubt, ""},
		"19 digits":            {utilityAnswer(`[{"type":"Credit","token":"1234567890123456789"}]`), sale.ResultInDoubt, ""},
		"letters":              {utilityAnswer(`[{"type":"Credit","token":"1234567890123456789X"}]`), sale.ResultInDoubt, ""},
		"only key change":      {utilityAnswer(`[{"type":"KCT","token":"11112222333344445555"}]`), sale.ResultInDoubt, ""},
		"one good one bad":     {utilityAnswer(`[` + credit + `,{"type":"FBE","token":"12"}]`), sale.ResultInDoubt, ""},
		"another meter":        {strings.Replace(utilityAnswer(`[`+credit+`]`), meter, "99999999999", 1), sale.ResultInDoubt, ""},
		"garbled token object": {utilityAnswer(`[{"type":"Credit","token":{"x":1}}]`), sale.ResultInDoubt, ""},
	} {
		t.Run(name, func(t *testing.T) {
			got := parseElectricity(c.body)
			if got.Result != c.result {
				t.Fatalf("%s (%s %s), want %s", got.Result, got.Code, got.Message, c.result)
			}
			if c.want != "" && !strings.Contains(itemsText(got.Items), c.want) {
				t.Errorf("items lack %q: %v", c.want, got.Items)
			}
			if got.Result != sale.ResultDelivered && (len(got.Items) != 0 || strings.Contains(got.Message, "5678")) {
				t.Errorf("a sale in doubt carries items or a token: %+v", got)
			}
		})
	}
}

func itemsText(items []sale.Item) string {
	b, _ := json.Marshal(items)
	return string(b)
}

var twentyDigits = regexp.MustCompile(`^\d{4} \d{4} \d{4} \d{4} \d{4}$`)

// FuzzElectricityAnswer: never a panic, and a delivered sale only ever has
// tokens of 20 digits, at least one of them a credit token.
func FuzzElectricityAnswer(f *testing.F) {
	f.Add(utilityAnswer(`[{"type":"Credit","token":"12345678901234567890"}]`))
	f.Add(utilityAnswer(`[{"type":"KCT","token":"11112222333344445555"},{"type":"Credit","token":"12345678901234567890"}]`))
	f.Add(utilityAnswer(`{"token":"1"}`))
	f.Add(`{"responseCode":0}`)
	f.Fuzz(func(t *testing.T, body string) {
		out := parseElectricity(body)
		if out.Result != sale.ResultDelivered {
			return
		}
		secrets, credit := 0, false
		for _, it := range out.Items {
			if it.Secret {
				secrets++
				if !twentyDigits.MatchString(it.Value) {
					t.Fatalf("delivered token %q", it.Value)
				}
				credit = credit || strings.HasPrefix(it.Label, LabelCreditToken)
			}
		}
		if secrets == 0 || !credit {
			t.Fatalf("delivered without a credit token: %v", out.Items)
		}
	})
}
