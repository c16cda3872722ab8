#pragma once
/// The Security API (API.md "Security"): rules, scans, findings, mutes, summary, compliance.
namespace cw::http {
class Router;
}

namespace cw::security {

class RuleService;
class ScanService;
class FindingService;

void register_security_routes(http::Router& router, RuleService& rules, ScanService& scans, FindingService& findings);

}  // namespace cw::security
