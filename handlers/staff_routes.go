package handlers

import (
	"github.com/gin-gonic/gin"
)

// staffRoute is one route that needs a signed-in staff member. Every such
// route is listed here, with the roles that may use it, so the whole access
// policy reads in one place and the tests can walk it.
type staffRoute struct {
	Method string
	Path   string
	Roles  []string
	handle gin.HandlerFunc
}

// staffAPI lists the routes under /api/v1/admin.
func (s *Server) staffAPI() []staffRoute {
	return []staffRoute{
		{"GET", "/me", roleAny, s.me},
		{"POST", "/me/password", roleAny, s.adminChangePassword},
		{"GET", "/surveys", roleReaders, s.adminListSurveys},
		{"POST", "/surveys", roleAdminOnly, s.adminCreateSurvey},
		{"GET", "/surveys/:slug", roleReaders, s.adminGetSurvey},
		{"PUT", "/surveys/:slug", roleAdminOnly, s.adminPutSurvey},
		{"GET", "/surveys/:slug/definition.xlsx", roleReaders, s.adminSurveyWorkbook},
		{"GET", "/surveys/:slug/definition.yaml", roleReaders, s.adminSurveyYAML},
		{"POST", "/surveys/:slug/open", roleAdminOnly, s.adminOpenSurvey},
		{"POST", "/surveys/:slug/close", roleAdminOnly, s.adminCloseSurvey},
		{"GET", "/surveys/:slug/results", roleReaders, s.surveyResults},
		{"GET", "/surveys/:slug/publications", roleReaders, s.adminListPublications},
		{"POST", "/surveys/:slug/publications", roleAdminOnly, s.adminPublish},
		{"GET", "/surveys/:slug/lagesbild.xlsx", roleReaders, s.lagesbildWorkbook},
		{"GET", "/surveys/:slug/series", roleReaders, s.surveySeries},
		{"POST", "/surveys/:slug/series/outside", roleAdminOnly, s.adminLoadOutside},
		{"DELETE", "/surveys/:slug/series/outside", roleAdminOnly, s.adminDeleteOutside},
		{"PUT", "/surveys/:slug/feedback", roleAdminOnly, s.adminSetFeedback},
		{"GET", "/places", roleAny, s.getPlaces},
		{"PUT", "/places", roleAdminOnly, s.putPlaces},
		{"GET", "/promises", roleAny, s.listPromises},
		{"GET", "/promises/:id", roleAny, s.getPromise},
		{"POST", "/promises/:id/activities", roleReaders, s.createActivity},
		{"PUT", "/promises/:id/activities/:activity", roleReaders, s.updateActivity},
		{"GET", "/users", roleAdminOnly, s.adminListUsers},
		{"POST", "/users", roleAdminOnly, s.adminCreateUser},
		{"POST", "/users/:name/disable", roleAdminOnly, s.adminDisableUser},
		{"POST", "/users/:name/enable", roleAdminOnly, s.adminEnableUser},
		{"GET", "/tokens", roleAny, s.listTokens},
		{"POST", "/tokens", roleAny, s.createToken},
		{"DELETE", "/tokens/:id", roleAny, s.revokeToken},
		{"GET", "/audit", roleAdminOnly, s.adminAudit},
		{"GET", "/sessions", roleFacilitator, s.adminListSessions},
		{"POST", "/sessions", roleFacilitator, s.adminCreateSession},
		{"GET", "/sessions/:code", roleFacilitator, s.adminGetSession},
		{"POST", "/sessions/:code/close", roleFacilitator, s.adminCloseSession},
		{"POST", "/sessions/:code/release", roleFacilitator, s.adminReleaseSession},
		{"POST", "/sessions/:code/exclude", roleAdminOnly, s.adminExcludeSession},
		{"POST", "/sessions/:code/include", roleAdminOnly, s.adminIncludeSession},
		{"GET", "/sessions/:code/results", roleAny, s.adminSessionResults},
	}
}

// staffPages lists the staff's HTML pages under /staff.
func (s *Server) staffPages() []staffRoute {
	return []staffRoute{
		{"GET", "", roleAny, s.staffHome},
		{"GET", "/password", roleAny, s.staffPassword},
		{"POST", "/password", roleAny, s.staffChangePassword},
		{"GET", "/surveys/:slug", roleReaders, s.staffDashboard},
		{"GET", "/surveys/:slug/open", roleAdminOnly, s.staffConfirmOpen},
		{"POST", "/surveys/:slug/open", roleAdminOnly, s.staffOpenSurvey},
		{"GET", "/surveys/:slug/close", roleAdminOnly, s.staffConfirmClose},
		{"POST", "/surveys/:slug/close", roleAdminOnly, s.staffCloseSurvey},
		{"GET", "/surveys/:slug/admin", roleAdminOnly, s.staffSurveyAdmin},
		{"POST", "/surveys/:slug/drafts", roleAdminOnly, s.staffUploadSurvey},
		{"GET", "/surveys/:slug/drafts/:id/preview", roleAdminOnly, s.staffPreviewDraft},
		{"GET", "/surveys/:slug/drafts/:id/publish", roleAdminOnly, s.staffConfirmDraft},
		{"POST", "/surveys/:slug/drafts/:id/publish", roleAdminOnly, s.staffPublishDraft},
		{"GET", "/surveys/:slug/followup", roleReaders, s.staffFollowup},
		{"POST", "/surveys/:slug/feedback", roleAdminOnly, s.staffSetFeedback},
		{"GET", "/surveys/:slug/publications", roleAdminOnly, s.staffConfirmPublication},
		{"POST", "/surveys/:slug/publications", roleAdminOnly, s.staffPublish},
		{"GET", "/places", roleAny, s.staffPlaces},
		{"POST", "/places", roleAdminOnly, s.staffSavePlaces},
		{"GET", "/places/yaml", roleAdminOnly, s.staffPlacesYAML},
		{"GET", "/places/new-school", roleAdminOnly, s.staffNewSchool},
		{"POST", "/places/schools", roleAdminOnly, s.staffAddSchool},
		{"GET", "/places/schools/:id", roleAdminOnly, s.staffEditSchool},
		{"POST", "/places/schools/:id", roleAdminOnly, s.staffUpdateSchool},
		{"POST", "/places/areas", roleAdminOnly, s.staffAddArea},
		{"POST", "/places/areas/:value", roleAdminOnly, s.staffRenameArea},
		{"GET", "/places/platser.xlsx", roleAny, s.staffPlacesSheet},
		{"POST", "/places/import", roleAdminOnly, s.staffImportPlaces},
		{"POST", "/places/import/apply", roleAdminOnly, s.staffApplyPlaces},
		{"GET", "/promises/:id", roleAny, s.staffPromise},
		{"POST", "/promises/:id/activities", roleReaders, s.staffCreateActivity},
		{"POST", "/promises/:id/activities/:activity", roleReaders, s.staffUpdateActivity},
		{"POST", "/promises/:id/activities/:activity/status", roleReaders, s.staffActivityStatus},
		{"GET", "/users", roleAdminOnly, s.staffUsers},
		{"POST", "/users", roleAdminOnly, s.staffCreateUser},
		{"POST", "/users/:name/disable", roleAdminOnly, s.staffDisableUser},
		{"POST", "/users/:name/enable", roleAdminOnly, s.staffEnableUser},
		{"GET", "/audit", roleAdminOnly, s.staffAudit},
		{"GET", "/sessions", roleFacilitator, s.staffSessions},
		{"POST", "/sessions", roleFacilitator, s.staffCreateSession},
		{"GET", "/sessions/:code", roleFacilitator, s.staffSession},
		{"GET", "/sessions/:code/presenter", roleFacilitator, s.staffPresenter},
		{"POST", "/sessions/:code/close", roleFacilitator, s.staffCloseSession},
		{"POST", "/sessions/:code/release", roleFacilitator, s.staffReleaseSession},
		{"POST", "/sessions/:code/exclude", roleAdminOnly, s.staffExcludeSession},
		{"POST", "/sessions/:code/include", roleAdminOnly, s.staffIncludeSession},
		{"GET", "/sessions/:code/results", roleAny, s.staffSessionResults},
	}
}

func (s *Server) registerStaff(r *gin.Engine) {
	api := r.Group("/api/v1/admin", s.authenticate())
	for _, rt := range s.staffAPI() {
		api.Handle(rt.Method, rt.Path, s.requireRole(rt.Roles...), rt.handle)
	}
	pages := r.Group("/staff", s.authenticate())
	for _, rt := range s.staffPages() {
		pages.Handle(rt.Method, rt.Path, s.requireRole(rt.Roles...), rt.handle)
	}
}
