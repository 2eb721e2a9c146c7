package main

import "math/rand/v2"

// job is one unit of work: a submission sent once, or twice at the same
// instant (a racing retry, as when a phone resends before the first answer
// arrived).
type job struct {
	sub  *submission
	race bool // send two copies at once
}

// requests is how many HTTP requests (or inserts) the job makes.
func (j job) requests() int {
	if j.race {
		return 2
	}
	return 1
}

// plan lays out n submissions of which a fraction dup is sent again with
// the same submission_id: half of those race their original (both in
// flight together), the other half are resent at the end of the run, like
// an offline queue retrying after a lost answer.
func plan(gen *generator, n int, dup float64, seed uint64) []job {
	rng := rand.New(rand.NewPCG(seed, 0x706c616e))
	jobs := make([]job, 0, n+int(float64(n)*dup)+1)
	var late []job
	dups := 0
	for i := 0; i < n; i++ {
		sub := gen.next()
		j := job{sub: sub}
		if rng.Float64() < dup {
			dups++
			if dups%2 == 1 {
				j.race = true
			} else {
				late = append(late, job{sub: sub})
			}
		}
		jobs = append(jobs, j)
	}
	rng.Shuffle(len(late), func(a, b int) { late[a], late[b] = late[b], late[a] })
	return append(jobs, late...)
}

// uniqueIDs lists the distinct submission ids of jobs.
func uniqueIDs(jobs []job) []string {
	seen := make(map[string]bool, len(jobs))
	var ids []string
	for _, j := range jobs {
		if !seen[j.sub.ID] {
			seen[j.sub.ID] = true
			ids = append(ids, j.sub.ID)
		}
	}
	return ids
}
