package store

import (
	"maps"
	"slices"
	"strings"
)

// The service's collections, in one place: a backup writes the first kind
// and never the second, and a restore refuses a collection of the second
// kind or of neither, so an archive cannot bring in what the service never
// backs up (sign-ins, for one) nor anything it does not know. A collection
// the service starts writing goes into one of the two lists;
// TestEveryCollectionIsListed fails until it does.
var (
	backedUpColls = setOf(
		activitiesColl,
		auditColl,
		exclusionsColl,
		feedbackColl,
		migrationsColl,
		outsideColl,
		placesColl,
		promisesColl,
		publicationPartsColl,
		publicationsColl,
		releasesColl,
		responsesColl,
		sessionsColl,
		surveyDraftsColl,
		surveysColl,
		talliesColl,
		tokensColl,
		usersColl,
	)
	// transientColls are never backed up: restoring sign-ins would bring
	// back cookies that were signed out, and jobs and leases belong to the
	// instances running at the time, as does the marker of the copies'
	// snapshot (copymarker.go) and of a restore under way.
	transientColls = setOf(
		webSessionsColl,
		jobsColl,
		leasesColl,
		restoreStateColl,
		instanceColl,
	)
)

// leasesColl is written by no code: the backup has named it among the
// instances' own since it was first written, so an archive that holds it
// is refused as one that holds sign-ins is.
const leasesColl = "leases"

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// TransientCollections names the collections a backup leaves out.
func TransientCollections() []string {
	return slices.Sorted(maps.Keys(transientColls))
}

// foreignColl reports whether name is none of the service's collections.
// The engines' own (system.*) are not foreign: nothing backs them up or
// restores them.
func foreignColl(name string) bool {
	return !backedUpColls[name] && !transientColls[name] && !strings.HasPrefix(name, "system.")
}
