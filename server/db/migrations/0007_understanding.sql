CREATE TABLE "appeal_understanding" (
	"appeal_id" bigint PRIMARY KEY NOT NULL,
	"model_version" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gazetteer" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"doc" jsonb NOT NULL,
	"report" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "model_version_unique" UNIQUE("version")
);
--> statement-breakpoint
CREATE TABLE "understanding_correction" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "understanding_correction_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"appeal_id" bigint NOT NULL,
	"field" text NOT NULL,
	"predicted" text,
	"corrected" text,
	"model_version" text,
	"user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeal_understanding" ADD CONSTRAINT "appeal_understanding_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "understanding_correction" ADD CONSTRAINT "understanding_correction_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "understanding_correction" ADD CONSTRAINT "understanding_correction_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gazetteer_one_active" ON "gazetteer" USING btree ("active") WHERE "gazetteer"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "model_one_active" ON "model" USING btree ("kind") WHERE "model"."active";--> statement-breakpoint
CREATE INDEX "understanding_correction_appeal_idx" ON "understanding_correction" USING btree ("appeal_id");