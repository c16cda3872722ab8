#pragma once
#include "audit/repository.hpp"
#include "http/router.hpp"

namespace cw::audit {
/// GET /audit (filters, cursor paging) and GET /audit/export (CSV), admins and owners.
void register_routes(http::Router& router, AuditRepository& repo);
/// A CSV field per RFC 4180, with spreadsheet formula characters neutralised.
std::string csv_field(const std::string& value);
}  // namespace cw::audit
