import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ROUTE_AUTH, RouteAuth } from '../../../libs/api/src/auth/needs-scope.decorator';

/** One route the app serves through Nest (and so through the scope guard). */
export interface InventoriedRoute {
  /** `GET /hub/api/users/:user_name/server`, the key rows are matched by */
  key: string;
  controller: string;
  handler: string;
  auth: RouteAuth | undefined;
}

function asList(path: string | string[] | undefined): string[] {
  if (path === undefined) return [''];
  return Array.isArray(path) ? path : [path];
}

function join(...parts: string[]): string {
  const path = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${path}`;
}

/**
 * Every route of every controller the app registered, read from the same Nest metadata the
 * router and the scope guard read, so a new route shows up here without anyone listing it.
 */
export function inventoryRoutes(app: NestFastifyApplication, prefix: string): InventoriedRoute[] {
  const routes: InventoriedRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const controllerPaths = asList(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value;
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        const paths: string[] | string | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (method === undefined || paths === undefined) continue;
        const auth: RouteAuth | undefined = Reflect.getMetadata(ROUTE_AUTH, handler);
        for (const base of controllerPaths)
          for (const path of asList(paths))
            routes.push({
              key: `${RequestMethod[method]} ${join(prefix, base, path)}`,
              controller: type.name,
              handler: name,
              auth,
            });
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}
