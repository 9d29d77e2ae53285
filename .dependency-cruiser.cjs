// dependency-cruiser: the one import-cycle check (`npm run lint:cycles`). Cycles between files, through `import type`
// too (import-x/no-cycle skipped those, and cost a quarter of ESLint's rule time, so ESLint no longer runs it), and
// cycles between the folders of src/ and libs/ (a feature that needs a feature that needs it back), as
// docs/ARCHITECTURE.md asks.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'A file reaches itself through its imports (type-only imports count: they tie the designs together).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      scope: 'folder',
      severity: 'error',
      comment:
        'A folder of src/ or libs/ reaches itself through other folders. Ground (database, graphql, libs) must not ' +
        'import the features standing on it; two features that need each other share a third thing instead.',
      from: { path: '^((src|libs)/[^/]+)$' },
      // Subfolders of one feature (models/, jobs/, dto/) may use each other; a cycle counts once it leaves the feature.
      to: { circular: true, viaSomeNot: '^$1(/|$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|var|coverage)/|^migrations/[^/]+-' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Keep `import type` edges: they are design dependencies even though they vanish from the JavaScript.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
