package cli

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"till/providers/sandbox"
)

// sandboxNumbers are the `till sandbox` flags that make its Flash number
// things differently from the till's assumed defaults, as a real Flash
// account may (docs/SANDBOX.md "Other numbers"):
//
//	--flash-product-types "airtime=11,giftvoucher=12,…"   productType per kind
//	--flash-codes "amount_out_of_range=2405,…"             responseCode per name
type sandboxNumbers struct {
	types, codes *string
}

func sandboxNumberFlags(fs *flag.FlagSet) sandboxNumbers {
	return sandboxNumbers{
		types: fs.String("flash-product-types", "", "renumber the Flash productTypes: `kind=N,...` (kinds: "+
			strings.Join(sandbox.FlashTypeNames(), ", ")+")"),
		codes: fs.String("flash-codes", "", "renumber the Flash responseCodes: `name=N,...` (names: docs/SANDBOX.md)"),
	}
}

// options parses and checks the flags into sandbox options.
func (n sandboxNumbers) options() (sandbox.Options, error) {
	var o sandbox.Options
	types, err := sandbox.ParseFlashNumbers(*n.types)
	if err != nil {
		return o, fmt.Errorf("--flash-product-types: %v", err)
	}
	codes64, err := sandbox.ParseFlashNumbers(*n.codes)
	if err != nil {
		return o, fmt.Errorf("--flash-codes: %v", err)
	}
	codes := map[string]int{}
	for k, v := range codes64 {
		if v > 1<<31-1 {
			return o, fmt.Errorf("--flash-codes: %s=%d is too large", k, v)
		}
		codes[k] = int(v)
	}
	if err := sandbox.CheckFlashNumbers(types, codes); err != nil {
		return o, err
	}
	if len(types) > 0 {
		o.FlashProductTypes = types
	}
	if len(codes) > 0 {
		o.FlashCodes = codes
	}
	return o, nil
}

// describe prints the renumbering, with the config a till needs to sell
// against it: [flash.product_types] for the types.
func (n sandboxNumbers) describe(w io.Writer) {
	o, err := n.options()
	if err != nil || (o.FlashProductTypes == nil && o.FlashCodes == nil) {
		return
	}
	if o.FlashProductTypes != nil {
		fmt.Fprintf(w, "  Flash productTypes renumbered: set [flash.product_types] to match (till doctor lists them):\n")
		for _, k := range slices.Sorted(maps.Keys(o.FlashProductTypes)) {
			fmt.Fprintf(w, "    %s = [%d]\n", k, o.FlashProductTypes[k])
		}
	}
	if o.FlashCodes != nil {
		fmt.Fprintf(w, "  Flash responseCodes renumbered: list the declines in [flash.response_codes] declined:\n")
		for _, k := range slices.Sorted(maps.Keys(o.FlashCodes)) {
			fmt.Fprintf(w, "    %s = %d\n", k, o.FlashCodes[k])
		}
	}
}
