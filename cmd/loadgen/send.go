package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
)

// newClient keeps enough idle connections that every worker reuses its
// own, as phones on one school network would not, but as a load balancer
// in front of the service does.
func newClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = conns
	t.MaxIdleConnsPerHost = conns
	t.DisableCompression = true
	t.Proxy = nil // never send load through a proxy to another host
	return &http.Client{Transport: t}
}

// httpSender posts to the submission API of the service at base.
func httpSender(client *http.Client, base, slug string) sendFunc {
	url := base + "/api/v1/surveys/" + slug + "/responses"
	return func(ctx context.Context, sub *submission) (int, error) {
		body, err := json.Marshal(sub)
		if err != nil {
			return 0, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return 0, err
		}
		return resp.StatusCode, nil
	}
}

// bareSender inserts the document the service would store for sub with
// the store's own InsertResponse: the same driver, database, index and
// write concern, with no HTTP, no checking and no survey lookup.
func bareSender(st *store.Store, sv *models.Survey) sendFunc {
	zone, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		zone = time.UTC
	}
	return func(ctx context.Context, sub *submission) (int, error) {
		r := &models.Response{
			Survey:       sv.Slug,
			Version:      sv.Version,
			SubmissionID: sub.ID,
			Lang:         sub.Lang,
			Day:          time.Now().In(zone).Format(time.DateOnly),
			Answers:      sub.Answers,
		}
		dup, err := st.InsertResponseBare(ctx, r)
		switch {
		case err != nil:
			return 0, err
		case dup:
			return http.StatusOK, nil
		}
		return http.StatusCreated, nil
	}
}
