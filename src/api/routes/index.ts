// Every API route plugin, mounted under /api. Add one line per route file.
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../app.js';
import { healthRoutes } from './health.js';
import { assetRoutes } from './assets.js';
import { authRoutes } from './auth.js';
import { auditRoutes } from './audit.js';
import { reportRoutes } from './reports.js';
import { findingRoutes } from './findings.js';
import { advisoryRoutes } from './advisories.js';
import { scanRoutes } from './scans.js';

export type RouteFactory = (deps: AppDeps) => FastifyPluginAsync;

export const routes: RouteFactory[] = [healthRoutes, assetRoutes, authRoutes, auditRoutes, reportRoutes, findingRoutes, advisoryRoutes, scanRoutes];
