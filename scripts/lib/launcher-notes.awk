# scripts/lib/launcher-notes.awk -- scripts/run's filter of an MPI launcher's
# stderr (its ranks' and its own): `awk -f launcher-notes.awk`. Copies it
# to stdout, line by line, but for Open MPI's notices that ranks ended
# badly ("Primary job terminated normally, but...", "mpirun noticed that
# process rank...", MPI_ABORT's), which scripts/run says in one line of its
# own. Exits 3 if the launcher said anything else of its own (another box
# of Open MPI's, an "mpirun: ..." line, Hydra's "[mpiexec@...]"), 0
# otherwise.

# Ends a box of Open MPI's: dropped when it tells of ranks that ended
# badly, else copied.
function end_box(    n, i, line) {
    if (box ~ /Primary job +terminated normally|exited with non-zero status|noticed that process rank|MPI_ABORT was invoked|exiting improperly/) {
        # a rank's own message caught inside the box stays
        n = split(box, line, "\n")
        for (i = 1; i < n; i++) if (line[i] ~ /^parbench /) print line[i]
    } else {
        printf "%s", box
        own = 1
    }
    box = ""; inbox = 0; fflush()
}

/^-----------------------------------------------+$/ {
    box = box $0 "\n"
    if (inbox) end_box(); else inbox = 1
    next
}
inbox { box = box $0 "\n"; next }
/ORTE_ERROR_LOG: .*show_help\.c/ { next }
/^(mpirun|mpiexec|orterun|prterun|prte|ssh|rsh)(\.[a-z]+)?: |^\[(mpiexec|proxy)[^]]*\] |ORTE_ERROR_LOG|PRTE_ERROR_LOG/ { own = 1 }
{ print; fflush() }
END { if (inbox) { printf "%s", box; own = 1 }; exit own ? 3 : 0 }
