#pragma once
/// GET /costs/anomalies and POST /costs/anomalies/{id}/dismiss (costs/anomaly_service.hpp).
#include "http/router.hpp"

namespace cw::costs {

class AnomalyService;

void register_anomaly_routes(http::Router& router, AnomalyService& anomalies);

}  // namespace cw::costs
