"""gunicorn's settings for ThiDua. gunicorn reads this file from its working directory, so
`gunicorn thidua.wsgi:application` run from the project's root (docs/deploy.md, the benches,
tools/fuzz_api.py) serves with it; options given on the command line override it.

Why these settings (bench/README.md "Ballots: the server's shape"): at a conference every
delegate votes within the same minute, and the ballots must spread over every core.

- gthread workers: a request waiting for PostgreSQL lets another thread of the same worker
  run.
- `worker_connections` equal to the threads: a worker takes a connection only when one of
  its threads can serve it now, and leaves the rest in the listening queue for the other
  workers. With gunicorn's default of 1,000 the worker that woke first took almost every
  ballot of a wave into its own queue, and one core served it while the other idled.
  Keep-alive is off for the same reason (an idle kept-alive connection would hold one of
  the few places): the reverse proxy in front opens a connection per request.
- `preload_app` and `when_ready`: the application is imported, and what Django builds on
  the first request (the URL resolver, the translation catalogues) is built, once in the
  master before it forks, instead of in every worker while the first voters wait.
"""

import gc

# The package lives in src/ (manage.py adds it the same way).
pythonpath = "src"
worker_class = "gthread"
threads = 2
keepalive = 0
preload_app = True


def on_starting(server):
    # Checked before the workers start: a worker may hold only as many connections as it
    # has threads (the command line may change the threads).
    server.cfg.set("worker_connections", server.cfg.threads)


def when_ready(server):
    from thidua.core.warm import warm_before_fork

    warm_before_fork()
    # What the master built stays as it is in every worker: out of the garbage collector's
    # reach, its pages are not copied into each worker by the collector's visits, and each
    # collection in a worker has that much less to walk.
    gc.freeze()
