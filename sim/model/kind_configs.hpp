// The configuration of every registered component kind (sim/model/kinds.def):
// one include per kind, beside its line there.
#pragma once

#include "sim/model/bus/bus_config.hpp"
#include "sim/model/consumers/fleet_config.hpp"
#include "sim/model/faults/fault_config.hpp"
#include "sim/model/functions/lambda_config.hpp"
#include "sim/model/producers/producer_config.hpp"
#include "sim/model/queues/queue_config.hpp"
#include "sim/model/requests/api.hpp"
#include "sim/model/requests/chain_config.hpp"
#include "sim/model/requests/poller_config.hpp"
#include "sim/model/streams/stream_config.hpp"
#include "sim/model/topics/topic_config.hpp"
