// A JavaScript task: the check-version task of the example plugin, as a script.
// rollrun calls run(ctx, args) for each node; ctx is the whole API: ctx.host(), ctx.run(command),
// ctx.httpGet(url), ctx.httpPost(url, body, type), ctx.log(message), ctx.fail(message).
//
//   steps:
//     pre-stop:
//       - js: tasks/check-version.js
//         args: { package: kafka, package-version: 3.9.0 }

export function run(ctx, args) {
  const wanted = args["package-version"];
  if (!wanted) {
    ctx.fail("args.package-version is required");
  }
  const pkg = args["package"] || "kafka";
  const command = args["version-command"] || `dpkg-query -W -f='\${Version}' ${pkg}`;
  const out = ctx.run(command);
  if (!out.ok) {
    ctx.fail(`cannot read the installed version of ${pkg}: ${out.stderr.trim()}`);
  }
  const installed = out.stdout.trim();
  if (installed !== wanted) {
    ctx.fail(`${pkg} ${installed} is installed, expected ${wanted}`);
  }
  ctx.log(`${pkg} ${installed} installed, as expected`);
}
