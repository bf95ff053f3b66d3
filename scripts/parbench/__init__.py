"""parbench's data side: the sweep, its run directory, statistics, plots and report.

The modules, each small and with one job:
  registry   the models, from models.conf (the one place that lists them)
  schema     the columns of runs.csv and summary.csv, and reading and writing them
  results    parsing the binaries' result lines
  presets    the workloads' size classes (scripts/presets/W), parsed, never run
  plan       the sweep's options and the order of its runs
  rundir     the run directory: its lock, plan, settings and rows
  supervise  one run in a session of its own, with a timeout that holds
  summary    summary.csv: medians, speedups, efficiencies, the Amdahl fit
  meta       meta.json: machine, build, software, sweep
  plotdata   the data files gnuplot draws, and running gnuplot
  report     report.html and report.md
  bench, plots, compare   the commands users type (scripts/bench, ...)
  runinfo    what scripts/run answers without launching: --help, --shape, bad registry lines
  slurmconf  scripts/submit's settings: parbench.conf, PARBENCH_<KEY>, options, sinfo
  slurmjob   the job script scripts/submit writes
  shellio    how scripts/run and scripts/submit ask the three above
"""
