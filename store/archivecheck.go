package store

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"medborgardialog/models"
)

// An archive decides who may sign in after a restore, so its users and
// tokens are held to what the service itself writes (users.go,
// tokens.go): the fields it writes and no other, of the types it writes,
// known roles, names that may be accounts, and no key starting with "$"
// anywhere, which MongoDB could read as an operator. Whatever --unverified
// says, a document that fails refuses the whole archive before anything is
// written.

type fieldSpec struct {
	typ      bson.Type
	required bool
}

var userFields = map[string]fieldSpec{
	"_id":                  {bson.TypeString, true},
	"name":                 {bson.TypeString, true},
	"role":                 {bson.TypeString, true},
	"disabled":             {bson.TypeBoolean, true},
	"created_at":           {bson.TypeDateTime, true},
	"must_change_password": {bson.TypeBoolean, false},
	"password_expires_at":  {bson.TypeDateTime, false},
	"password_hash":        {bson.TypeString, true},
}

var tokenFields = map[string]fieldSpec{
	"_id":           {bson.TypeString, true},
	"id":            {bson.TypeString, true},
	"user":          {bson.TypeString, true},
	"label":         {bson.TypeString, false},
	"created_at":    {bson.TypeDateTime, true},
	"last_used_day": {bson.TypeString, false},
}

// accountCheck checks the users and tokens of one reading of an archive
// and gathers them for the summary.
type accountCheck struct {
	accounts map[string]ArchiveAccount
	tokens   []tokenAt
	hashes   map[string]bool
	ids      map[string]bool
}

// tokenAt is a token and where it stood, to name it if its owner turns
// out to be missing: tokens come before users in an archive.
type tokenAt struct {
	ArchiveToken
	n, line int
}

func newAccountCheck() *accountCheck {
	return &accountCheck{accounts: map[string]ArchiveAccount{}, hashes: map[string]bool{}, ids: map[string]bool{}}
}

// document checks doc, the nth of coll, on line lineNum of the archive.
func (c *accountCheck) document(coll string, n, lineNum int, doc bson.Raw) error {
	var err error
	switch coll {
	case usersColl:
		err = c.user(doc)
	case tokensColl:
		err = c.token(doc, n, lineNum)
	default:
		return nil
	}
	if err != nil {
		return badArchive("%s, dokument %d (rad %d): %v", coll, n, lineNum, err)
	}
	return nil
}

func (c *accountCheck) user(doc bson.Raw) error {
	f, err := fields(doc, userFields)
	if err != nil {
		return err
	}
	name, role := f["_id"].StringValue(), f["role"].StringValue()
	if err := accountName(name); err != nil {
		return err
	}
	if f["name"].StringValue() != name {
		return fmt.Errorf("namnet %q skiljer sig från _id %q", f["name"].StringValue(), name)
	}
	if !models.ValidRole(role) {
		return fmt.Errorf("okänd roll %q (kända: %s)", role, strings.Join(models.Roles, ", "))
	}
	if f["password_hash"].StringValue() == "" {
		return fmt.Errorf("kontot %q saknar lösenordshash", name)
	}
	if _, dup := c.accounts[name]; dup {
		return fmt.Errorf("kontot %q förekommer två gånger", name)
	}
	c.accounts[name] = ArchiveAccount{Name: name, Role: role, Disabled: f["disabled"].Boolean()}
	return nil
}

func (c *accountCheck) token(doc bson.Raw, n, lineNum int) error {
	f, err := fields(doc, tokenFields)
	if err != nil {
		return err
	}
	hash, id, user := f["_id"].StringValue(), f["id"].StringValue(), f["user"].StringValue()
	if len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return fmt.Errorf("_id är ingen SHA-256 i hex")
	}
	if id == "" || len(id) > 64 {
		return fmt.Errorf("id %q ska ha 1 till 64 tecken", id)
	}
	if err := accountName(user); err != nil {
		return err
	}
	label := ""
	if v, ok := f["label"]; ok {
		label = v.StringValue()
	}
	if len(label) > 100 {
		return fmt.Errorf("etiketten har mer än 100 tecken")
	}
	if c.hashes[hash] || c.ids[id] {
		return fmt.Errorf("token %q förekommer två gånger", id)
	}
	c.hashes[hash], c.ids[id] = true, true
	c.tokens = append(c.tokens, tokenAt{ArchiveToken{ID: id, Label: label, User: user}, n, lineNum})
	return nil
}

// accountName refuses what CreateUser refuses: a name that cannot be an
// account, or the name of a built-in identity, whose past actions an
// account under it would inherit.
func accountName(name string) error {
	if !models.ValidUserName(name) {
		return fmt.Errorf("%q kan inte vara ett kontonamn", name)
	}
	if models.ReservedUserName(name) {
		return fmt.Errorf("namnet %q är reserverat för en inbyggd identitet", name)
	}
	return nil
}

// finish checks what needs the whole archive, that every token has an
// owner in it, and puts the accounts and tokens into sm.
func (c *accountCheck) finish(sm *ArchiveSummary) error {
	for _, t := range c.tokens {
		owner, ok := c.accounts[t.User]
		if !ok {
			return badArchive("%s, dokument %d (rad %d): token %q tillhör %q, som inte är ett konto i arkivet", tokensColl, t.n, t.line, t.ID, t.User)
		}
		t.Role = owner.Role
		sm.Tokens = append(sm.Tokens, t.ArchiveToken)
	}
	slices.SortFunc(sm.Tokens, func(a, b ArchiveToken) int {
		return cmp.Or(strings.Compare(a.User, b.User), strings.Compare(a.Label, b.Label), strings.Compare(a.ID, b.ID))
	})
	for _, name := range slices.Sorted(maps.Keys(c.accounts)) {
		sm.Accounts = append(sm.Accounts, c.accounts[name])
	}
	return nil
}

// fields checks doc against spec: no "$" key at any depth, no field spec
// does not name, each of its type, and the required ones there.
func fields(doc bson.Raw, spec map[string]fieldSpec) (map[string]bson.RawValue, error) {
	if key, err := dollarKey(doc); err != nil || key != "" {
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("fältet %q börjar med $", key)
	}
	elems, err := doc.Elements()
	if err != nil {
		return nil, err
	}
	got := make(map[string]bson.RawValue, len(elems))
	for _, e := range elems {
		key, v := e.Key(), e.Value()
		want, ok := spec[key]
		if !ok {
			return nil, fmt.Errorf("okänt fält %q", key)
		}
		if _, dup := got[key]; dup {
			return nil, fmt.Errorf("fältet %q förekommer två gånger", key)
		}
		if v.Type != want.typ {
			return nil, fmt.Errorf("fältet %q ska vara %s, är %s", key, typeName(want.typ), typeName(v.Type))
		}
		got[key] = v
	}
	for _, key := range slices.Sorted(maps.Keys(spec)) {
		if _, ok := got[key]; spec[key].required && !ok {
			return nil, fmt.Errorf("fältet %q saknas", key)
		}
	}
	return got, nil
}

// dollarKey returns the first key starting with "$" in doc or in the
// documents and arrays within it.
func dollarKey(doc bson.Raw) (string, error) {
	elems, err := doc.Elements()
	if err != nil {
		return "", err
	}
	for _, e := range elems {
		if strings.HasPrefix(e.Key(), "$") {
			return e.Key(), nil
		}
		var inner bson.Raw
		switch v := e.Value(); v.Type {
		case bson.TypeEmbeddedDocument:
			inner = v.Document()
		case bson.TypeArray:
			inner = bson.Raw(v.Array())
		default:
			continue
		}
		if key, err := dollarKey(inner); err != nil || key != "" {
			return key, err
		}
	}
	return "", nil
}

func typeName(t bson.Type) string {
	switch t {
	case bson.TypeString:
		return "text"
	case bson.TypeBoolean:
		return "sant eller falskt"
	case bson.TypeDateTime:
		return "en tidpunkt"
	case bson.TypeEmbeddedDocument:
		return "ett dokument"
	case bson.TypeArray:
		return "en lista"
	case bson.TypeNull:
		return "null"
	}
	return "av typen " + t.String()
}
