// Package followup is the follow-up of a medborgarlöfte: the action plan
// (åtgärdsplan) with its activities and their history, the rules that
// decide whether two waves of an indicator can be compared, the order of
// the waves in a series, and published outside figures that join one.
//
// The figures themselves come from the export package, which counts them
// through disclosure control; this package only knows the definitions.
package followup
