#pragma once
// Placeholder declaration; the simulation issue defines this API.
