#pragma once
#include "audit/repository.hpp"
#include "http/router.hpp"

namespace cw::audit {
/// GET /audit (filters, cursor paging) and GET /audit/export (CSV), admins and owners.
void register_routes(http::Router& router, AuditRepository& repo);
}  // namespace cw::audit
