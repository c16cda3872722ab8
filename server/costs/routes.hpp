#pragma once
/// The /costs routes: breakdowns, file imports (streamed upload), collections.
#include "core/clock.hpp"
#include "http/router.hpp"

namespace cw::costs {

class CostService;
class ImportService;
class CollectionService;

void register_routes(http::Router& router, CostService& costs, ImportService& imports, CollectionService& collections,
                     const Clock& clock);

}  // namespace cw::costs
