package receipts

import "fmt"

// Command is one ESC/POS command of a job, as ParseESCPOS reads it.
type Command struct {
	// Name is the command: "ESC @", "ESC E", "GS !", "ESC d", "GS V",
	// "ESC a", "ESC p", "GS ( k", "GS v 0", "LF", or "text".
	Name string
	// Args are the command's parameter bytes (for GS ( k: cn fn and the
	// rest, without pL pH; for GS v 0: m xL xH yL yH).
	Args []byte
	// Data is a text run, the data stored by GS ( k fn 80, or a raster
	// image's bytes.
	Data []byte
}

// ParseESCPOS reads a job back into its commands: exactly the ones
// ESCPOSWith and DrawerKick write. Anything else — an unknown command, a
// control byte in text, a truncated command — is an error, so a test (or a
// check of a printer file) sees every byte accounted for.
func ParseESCPOS(b []byte) ([]Command, error) {
	var out []Command
	need := func(i, n int) error {
		if i+n > len(b) {
			return fmt.Errorf("offset %d: command truncated", i)
		}
		return nil
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '\n':
			out = append(out, Command{Name: "LF"})
			i++
		case c >= 0x20 && c <= 0x7e:
			j := i
			for j < len(b) && b[j] >= 0x20 && b[j] <= 0x7e {
				j++
			}
			out = append(out, Command{Name: "text", Data: b[i:j]})
			i = j
		case c == 0x1b:
			if err := need(i, 2); err != nil {
				return nil, err
			}
			n := map[byte]int{'@': 0, 'E': 1, 'd': 1, 'a': 1, 'p': 3}
			k, ok := n[b[i+1]]
			if !ok {
				return nil, fmt.Errorf("offset %d: unknown command ESC %q", i, b[i+1])
			}
			if err := need(i, 2+k); err != nil {
				return nil, err
			}
			out = append(out, Command{Name: "ESC " + string(b[i+1]), Args: b[i+2 : i+2+k]})
			i += 2 + k
		case c == 0x1d:
			if err := need(i, 3); err != nil {
				return nil, err
			}
			switch b[i+1] {
			case '!', 'V':
				out = append(out, Command{Name: "GS " + string(b[i+1]), Args: b[i+2 : i+3]})
				i += 3
			case '(':
				if err := need(i, 5); err != nil || b[i+2] != 'k' {
					return nil, fmt.Errorf("offset %d: bad GS ( command", i)
				}
				n := int(b[i+3]) | int(b[i+4])<<8
				if err := need(i+5, n); err != nil || n < 2 {
					return nil, fmt.Errorf("offset %d: GS ( k of %d bytes truncated", i, n)
				}
				p := b[i+5 : i+5+n]
				cmd := Command{Name: "GS ( k", Args: p}
				if p[1] == 'P' && n >= 3 {
					cmd.Args, cmd.Data = p[:3], p[3:]
				}
				out = append(out, cmd)
				i += 5 + n
			case 'v':
				if err := need(i, 8); err != nil || b[i+2] != '0' {
					return nil, fmt.Errorf("offset %d: bad GS v command", i)
				}
				x := int(b[i+4]) | int(b[i+5])<<8
				y := int(b[i+6]) | int(b[i+7])<<8
				if err := need(i+8, x*y); err != nil {
					return nil, err
				}
				out = append(out, Command{Name: "GS v 0", Args: b[i+3 : i+8], Data: b[i+8 : i+8+x*y]})
				i += 8 + x*y
			default:
				return nil, fmt.Errorf("offset %d: unknown command GS %q", i, b[i+1])
			}
		default:
			return nil, fmt.Errorf("offset %d: control byte 0x%02x in the job", i, c)
		}
	}
	return out, nil
}
