#include "sim/report/report_kind.hpp"

namespace edasim::report {

// Not in the topology listing: a call, a poll or a fault is no stop on the
// way events flow.
const ReportKind pollers_report{};

}  // namespace edasim::report
