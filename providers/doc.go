// Package providers is the HTTP plumbing shared by every provider client
// (flash, oneflow, flowix, flutterwave, mpesaflow): base URL checks, a client
// with per-call timeouts, response body limits, refused redirects and no
// retries, that tells a failure before anything was written (NotSent) from
// one after (InDoubt); a token cache with the one permitted resend after a
// 401; secret redaction; cleaning of provider strings; exact conversion of
// JSON numbers to minor units; and the after-send failpoint used by crash
// tests.
//
// The rules it exists to enforce: a lost answer is never a failed sale, only
// an allow-listed decline is a decline, a request is never resent blindly,
// and no secret reaches a log line or an error message.
package providers
