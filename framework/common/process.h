// Whether a process on this host still runs. kill(pid, 0) alone also succeeds for a zombie (a
// process that has exited but that its parent has not reaped yet): right after a group SIGKILL
// the killed workers stay zombies for about a second, and a fold they held must be taken over
// at once, not after the heartbeat timeout.
#pragma once

#include <cstdint>

namespace merlab {

// False for pid <= 0, for a pid that does not exist and for a zombie.
bool process_alive(std::int64_t pid);

}  // namespace merlab
