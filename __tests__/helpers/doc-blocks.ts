/** The docs' fenced blocks and their markers: one parser for the docs tests and the e2e (tools/harness/doc-blocks.ts). */
export * from '../../tools/harness/doc-blocks';
