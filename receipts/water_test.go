package receipts

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"till/sale"
)

// water is a cash 1Flow recharge of KES 100.50 to Jane Doe's home meter,
// in state st.
func water(st sale.State) sale.Sale {
	return sale.Sale{
		Ref:        "NAIROBI1-TILL2-K3M9QZ-412",
		StoreID:    "NAIROBI1",
		TerminalID: "TILL2",
		Day:        "2025-03-14",
		Order: sale.Order{
			Provider:    "oneflow",
			Kind:        sale.KindWater,
			ProductName: "1Flow water",
			Target:      sale.Target{Kind: sale.TargetDevice, Value: "68753500140920"},
			Amount:      sale.New(10050, sale.KES),
			Tender:      sale.Tender{Kind: sale.TenderCash},
			Cashier:     "Achieng O.",
			Params: map[string]string{
				WaterCustomer: "Jane Doe", WaterPhone: "+254712345678", WaterDeviceName: "Home meter",
			},
		},
		State:     st,
		Attempts:  1,
		CreatedAt: time.Date(2025, 3, 14, 7, 5, 9, 0, time.UTC),
		UpdatedAt: time.Date(2025, 3, 14, 7, 5, 14, 0, time.UTC),
	}
}

const rechargeID = "898244db-532a-49a0-a8e5-fc878f0832ca"

func waterDelivered() sale.Sale {
	s := water(sale.StateDelivered)
	s.ProviderRef, s.PendingID = rechargeID, rechargeID
	s.Outcome = sale.Outcome{
		Result: sale.ResultDelivered, Code: "completed", Message: "Recharge completed",
		ProviderRef: rechargeID, PendingID: rechargeID, Amount: sale.New(10050, sale.KES),
		Items: []sale.Item{
			{Label: "Recharge ID", Value: rechargeID},
			{Label: "Device", Value: "68753500140920"},
			{Label: "Customer", Value: "Jane Doe"},
			{Label: "Amount", Value: "KES 100.50"},
			{Label: "Currency", Value: "KES"},
			{Label: "Litres", Value: "201"},
			{Label: "Price per litre", Value: "0.5"},
			{Label: "Balance", Value: "331000"},
			{Label: "Completed", Value: "2025-03-14T07:05:13.090243642Z"},
		},
	}
	return s
}

func waterCard() sale.Sale {
	s := waterDelivered()
	s.Order.Target = sale.Target{Kind: sale.TargetCard, Value: "CA254000123"}
	s.Order.Params[WaterDeviceName] = "Water card"
	s.Outcome.Items[1] = sale.Item{Label: "Card", Value: "CA254000123"}
	return s
}

func waterPending() sale.Sale {
	s := water(sale.StatePending)
	s.ProviderRef, s.PendingID = rechargeID, rechargeID
	s.Outcome = sale.Outcome{Result: sale.ResultPending, Code: "pending", ProviderRef: rechargeID, PendingID: rechargeID,
		Items: []sale.Item{{Label: "Recharge ID", Value: rechargeID}, {Label: "Device", Value: "68753500140920"}, {Label: "Customer", Value: "Jane Doe"}}}
	return s
}

// waterLost is a recharge whose initiation's answer was lost: no id.
func waterLost() sale.Sale {
	s := water(sale.StateNeedsSupervisor)
	s.Order.Amount = sale.New(5091, sale.KES)
	s.Outcome = sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout",
		Message: "1Flow did not answer in time. 1Flow recharges cannot be resent safely: a supervisor will check the device."}
	s.Note = "the provider offers no safe way to resend or query this sale: check with the customer and settle it by hand"
	return s
}

// waterSupervised is waterLost settled as delivered by a supervisor.
func waterSupervised() sale.Sale {
	s := waterLost()
	s.State = sale.StateDelivered
	s.Outcome.Result, s.Outcome.Code = sale.ResultDelivered, "supervisor"
	s.Outcome.Message = "settled by a supervisor: meter shows the credit"
	s.Note = "meter shows the credit"
	return s
}

func waterFailed() sale.Sale {
	s := water(sale.StateDeclined)
	s.ProviderRef, s.PendingID = rechargeID, rechargeID
	s.Outcome = sale.Outcome{Result: sale.ResultDeclined, Code: "failed",
		Message: "1Flow could not apply the recharge to the device. Nothing was sold.", PendingID: rechargeID}
	s.GivenBack = s.Order.CashEffect() == sale.CashIn // a failed cash sale's cash went back at the counter
	return s
}

func TestWaterGolden(t *testing.T) {
	cases := []struct {
		name string
		sale sale.Sale
	}{
		{"completed", waterDelivered()},
		{"card", waterCard()},
		{"pending", waterPending()},
		{"lost_initiation", waterLost()},
		{"supervisor_delivered", waterSupervised()},
		{"failed", waterFailed()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, w := range []int{32, 42, 48} {
				t.Run(strconv.Itoa(w), func(t *testing.T) {
					out, err := Render(c.sale, Options{Width: w, Header: shop, Location: sast})
					if err != nil {
						t.Fatal(err)
					}
					checkPrintable(t, out, w)
					golden.RequireEqual(t, []byte(out))
				})
			}
		})
	}
}

func TestWaterContents(t *testing.T) {
	out, err := Render(waterDelivered(), Options{Width: 42})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"PREPAID WATER",
		"Device serial               68753500140920",
		"Customer                          Jane Doe",
		"Recharged                       KES 100.50",
		"Currency                               KES",
		"Litres                                 201",
		"Price per litre                        0.5",
		"Balance                             331000",
		"Completed             2025-03-14 07:05 UTC", // 1Flow's completedAt, in the shop's zone (UTC here)
		"Trans ID",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("receipt lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, rechargeID) > 1 {
		t.Errorf("the recharge id is printed twice:\n%s", out)
	}
	// A recharge in doubt never claims success and says why it is not resent.
	lost, _ := Render(waterLost(), Options{Width: 32})
	flat := strings.Join(strings.Fields(lost), " ")
	for _, want := range []string{"DO NOT RESELL", "no reference the till could resend safely"} {
		if !strings.Contains(flat, want) {
			t.Errorf("lost initiation lacks %q:\n%s", want, lost)
		}
	}
	if strings.Contains(flat, "SUCCESSFUL") || strings.Contains(flat, "Litres") {
		t.Errorf("lost initiation claims a delivery:\n%s", lost)
	}
	// Control characters a provider sent never reach the paper.
	evil := waterDelivered()
	evil.Outcome.Items[2].Value = "Jane\x1b[2J\x07 Doe"
	out, _ = Render(evil, Options{Width: 42})
	checkPrintable(t, out, 42)
	if !strings.Contains(out, "Jane Doe") {
		t.Errorf("cleaned customer missing:\n%s", out)
	}
}
