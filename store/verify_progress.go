package store

// ProgressEvery is how many events `till verify` walks between two
// progress reports.
const ProgressEvery = 50_000

// VerifyFileProgress is VerifyFile telling progress how many events it has
// walked along the chain, every `every` events (ProgressEvery when 0).
func VerifyFileProgress(path string, every int, progress func(events int)) (Report, error) {
	if every <= 0 {
		every = ProgressEvery
	}
	return verifyFile(path, func(n int) {
		if n%every == 0 {
			progress(n)
		}
	})
}

// tick tells the progress function the events walked so far.
func (v *verifier) tick(events int) {
	if v.progress != nil {
		v.progress(events)
	}
}
