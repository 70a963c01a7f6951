//! What the kernel says a process (or the whole machine) spent during the measured seconds: CPU time (user,
//! system), context switches (each voluntary one is a sleep and a wake-up: what a request costs beyond its
//! work), and the machine's steal time (CPU the hypervisor gave to other guests: a figure that explains a slow
//! run without anything in txlab having changed).

use std::time::Duration;

/// Counters of one process (all its threads), or of this process.
#[derive(Clone, Copy, Default)]
pub struct Usage {
    pub user: Duration,
    pub system: Duration,
    /// Voluntary context switches: the threads slept (waited for the network, a lock) and were woken.
    pub sleeps: u64,
    /// Involuntary ones: the threads were preempted (the CPUs were oversubscribed).
    pub preempted: u64,
}

impl Usage {
    /// Counters of process `pid`, or of this process.
    pub fn of(pid: Option<u32>) -> Usage {
        let dir = match pid {
            Some(p) => format!("/proc/{p}"),
            None => "/proc/self".to_string(),
        };
        let text = std::fs::read_to_string(format!("{dir}/stat")).unwrap_or_default();
        // Fields after the command name (which is in parentheses and may contain spaces).
        let rest = text.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let fields: Vec<&str> = rest.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; clock ticks of 1/100 s.
        let ticks = |i: usize| {
            Duration::from_millis(
                fields
                    .get(i)
                    .and_then(|f| f.parse::<u64>().ok())
                    .unwrap_or(0)
                    * 10,
            )
        };
        let (mut sleeps, mut preempted) = (0, 0);
        // Per thread: /proc/PID/status counts only the thread it names.
        if let Ok(tasks) = std::fs::read_dir(format!("{dir}/task")) {
            for task in tasks.flatten() {
                let status =
                    std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
                for line in status.lines() {
                    let count = |prefix: &str| {
                        line.strip_prefix(prefix)
                            .and_then(|v| v.trim().parse::<u64>().ok())
                    };
                    if let Some(n) = count("voluntary_ctxt_switches:") {
                        sleeps += n;
                    } else if let Some(n) = count("nonvoluntary_ctxt_switches:") {
                        preempted += n;
                    }
                }
            }
        }
        Usage {
            user: ticks(11),
            system: ticks(12),
            sleeps,
            preempted,
        }
    }

    pub fn since(self, before: Usage) -> Usage {
        Usage {
            user: self.user.saturating_sub(before.user),
            system: self.system.saturating_sub(before.system),
            sleeps: self.sleeps.saturating_sub(before.sleeps),
            preempted: self.preempted.saturating_sub(before.preempted),
        }
    }

    pub fn total(self) -> Duration {
        self.user + self.system
    }
}

/// The machine's CPU time by kind (`/proc/stat`'s first line), in clock ticks.
#[derive(Clone, Copy, Default)]
pub struct Machine {
    busy: u64,
    idle: u64,
    steal: u64,
}

impl Machine {
    pub fn now() -> Machine {
        let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let line = text.lines().next().unwrap_or("");
        let n: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .map(|f| f.parse().unwrap_or(0))
            .collect();
        let at = |i: usize| n.get(i).copied().unwrap_or(0);
        // user nice system idle iowait irq softirq steal (guest time is inside user).
        Machine {
            busy: at(0) + at(1) + at(2) + at(5) + at(6),
            idle: at(3) + at(4),
            steal: at(7),
        }
    }

    /// Percentages of the machine's time since `before`: (busy, idle, stolen).
    pub fn since(self, before: Machine) -> (f64, f64, f64) {
        let busy = self.busy.saturating_sub(before.busy) as f64;
        let idle = self.idle.saturating_sub(before.idle) as f64;
        let steal = self.steal.saturating_sub(before.steal) as f64;
        let all = (busy + idle + steal).max(1.0);
        (100.0 * busy / all, 100.0 * idle / all, 100.0 * steal / all)
    }
}
