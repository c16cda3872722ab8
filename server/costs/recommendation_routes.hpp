#pragma once
/// GET /costs/recommendations, POST /costs/recommendations/{id}/dismiss and …/{id}/apply
/// (costs/recommendation_service.hpp).
#include "http/router.hpp"

namespace cw::costs {

class RecommendationService;

void register_recommendation_routes(http::Router& router, RecommendationService& recommendations);

}  // namespace cw::costs
