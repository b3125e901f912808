// The schedule module's target input as releases before 0.4.0 wrote it, for seeded faults: a
// jsonencode() that turns <aws.scheduler.scheduled-time> into \u003c…\u003e, which Scheduler
// does not replace, and the current form it is swapped for.

/** infra/modules/schedule/main.tf's input expression today (a JSON heredoc). */
export const currentScheduleInput = /input = chomp\(<<-JSON\n[\s\S]*?\n {4}\)/;

/** The same expression in releases up to 0.3.x. */
export const oldScheduleInput = 'input = jsonencode({\n      job           = var.job\n      scheduledTime = "<aws.scheduler.scheduled-time>"\n    })';
